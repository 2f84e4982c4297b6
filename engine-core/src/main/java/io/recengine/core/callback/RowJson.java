package io.recengine.core.callback;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recengine.spi.CallbackRow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows as JSON: one object per row, columns in row order, {@code Long}s as numbers, everything else as
 * strings. The file sink writes one object per line; the spill log writes one batch (array) per line.
 */
final class RowJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RowJson() {
    }

    static void writeRow(JsonGenerator g, CallbackRow row) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : row.columns().entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                g.writeNullField(e.getKey());
            } else if (v instanceof Long || v instanceof Integer) {
                g.writeNumberField(e.getKey(), ((Number) v).longValue());
            } else {
                g.writeStringField(e.getKey(), v.toString());
            }
        }
        g.writeEndObject();
    }

    /** Rows as JSON lines (each row followed by a newline). */
    static void writeLines(OutputStream out, List<CallbackRow> rows) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        for (CallbackRow r : rows) {
            writeRow(g, r);
            g.writeRaw('\n');
        }
        g.flush();
    }

    /** A batch as one JSON array on one line, with the trailing newline. */
    static byte[] batchLine(List<CallbackRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * rows.size());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (CallbackRow r : rows) {
                writeRow(g, r);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses a line of {@link #batchLine}. */
    static List<CallbackRow> parseBatch(byte[] line, int off, int len) throws IOException {
        List<CallbackRow> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line, off, len)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("spill line is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        m.put(k, p.getLongValue());
                    } else if (t == JsonToken.VALUE_NULL) {
                        m.put(k, null);
                    } else {
                        m.put(k, p.getText());
                    }
                }
                rows.add(CallbackRow.of(m));
            }
        }
        return rows;
    }
}
