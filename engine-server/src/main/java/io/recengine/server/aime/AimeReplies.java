package io.recengine.server.aime;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.server.wire.JsonBytes;
import io.recengine.spi.match.MatchResult;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * AIME's reply bodies, written with Jackson's streaming generator: the {@code json2} read reply
 * ({@code errorCode, errorMessage, matchItems{fieldNames, fieldValues}}, camelCase as the AIME
 * documentation or snake_case as the BE SDKs) and the {@code /sendmsg} replies. Thread-safe.
 */
final class AimeReplies {

    private AimeReplies() {
    }

    /** The {@code json2} reply; numbers in rows are printed as strings, as the embedded engine's seed does. */
    static byte[] read(MatchResult r, boolean snake) {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            g.writeNumberField(snake ? "error_code" : "errorCode", r.errorCode());
            g.writeStringField(snake ? "error_message" : "errorMessage", r.errorMessage());
            if (r.ok()) {
                g.writeObjectFieldStart(snake ? "match_items" : "matchItems");
                g.writeArrayFieldStart(snake ? "field_names" : "fieldNames");
                for (String f : r.fieldNames()) {
                    g.writeString(f);
                }
                g.writeEndArray();
                g.writeArrayFieldStart(snake ? "field_values" : "fieldValues");
                for (List<Object> row : r.rows()) {
                    g.writeStartArray();
                    for (Object v : row) {
                        if (v instanceof Double d) {
                            g.writeString(num(d));
                        } else if (v instanceof Number n) {
                            g.writeString(n.toString());
                        } else {
                            value(g, v);
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }, 256 + r.rows().size() * 128);
    }

    /** {@code {"success":true,"errno":0}}. */
    static byte[] written() {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("success", true);
            g.writeNumberField("errno", 0);
            g.writeEndObject();
        }, 32);
    }

    /** {@code {"errno":1,"errmsg":...}}. */
    static byte[] writeError(String message) {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            g.writeNumberField("errno", 1);
            g.writeStringField("errmsg", message);
            g.writeEndObject();
        }, 64 + message.length());
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Number) {
            g.writeNumber(v.toString()); // as Java prints it, e.g. 1.0E10
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /** Plain decimal text, as the AIME documentation shows ({@code 1.0}, {@code 0.000009883646271191537}). */
    static String num(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        String s = Double.toString(d);
        if (s.indexOf('E') < 0) {
            return s;
        }
        String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
