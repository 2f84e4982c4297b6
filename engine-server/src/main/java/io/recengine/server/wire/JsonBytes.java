package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's one Jackson factory for answer bodies: a body is written field by field with the streaming
 * generator (no tree, no reflection) into UTF-8 bytes. PAI-Rec's and AIME's writers share it. Thread-safe.
 */
public final class JsonBytes {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBytes() {
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** The body's bytes; {@code sizeHint} sizes the buffer. */
    public static byte[] write(Body body, int sizeHint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory: only a value Jackson refuses
        }
        return out.toByteArray();
    }
}
