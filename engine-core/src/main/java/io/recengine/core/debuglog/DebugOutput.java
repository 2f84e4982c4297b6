package io.recengine.core.debuglog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** Where debug log records go (PAI-Rec's log outputer). Called on the debug log's writer thread only. */
interface DebugOutput {

    /** PAI-Rec's empty output: an empty or unknown {@code OutputType}. */
    DebugOutput NONE = record -> {
    };

    void write(Map<String, Object> record) throws IOException;

    /** One compact JSON line per record on {@code out}, as PAI-Rec's console output prints it. */
    static DebugOutput console(PrintStream out) {
        ObjectMapper json = new ObjectMapper();
        return record -> {
            try {
                out.println(json.writeValueAsString(record));
            } catch (JsonProcessingException e) {
                throw new IOException(e);
            }
        };
    }
}
