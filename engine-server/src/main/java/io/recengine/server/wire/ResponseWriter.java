package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.core.pipeline.RecallFailure;
import io.recengine.core.pipeline.ScenePipeline;
import io.recengine.core.request.FeedResult;
import io.recengine.core.request.RecallResult;
import io.recengine.spi.Item;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the PAI-Rec envelopes with Jackson's streaming generator (no tree, no reflection): field order
 * {@code code, msg, request_id, ...} as PAI-Rec's structs print them. Thread-safe.
 */
public final class ResponseWriter {

    private ResponseWriter() {
    }

    /** {@code {"code":..,"msg":..,"request_id":..}}. */
    public static byte[] envelope(int code, String msg, String requestId) {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            head(g, code, msg, requestId);
            g.writeEndObject();
        }, 96);
    }

    /** The feed answer of a result (see {@link #feed(int, String, String, String, List, List, boolean, List)}). */
    public static byte[] feed(FeedResult r) {
        return feed(r.code(), r.msg(), r.requestId(), r.experimentId(), r.items(), r.outputFields(), r.debug(), r.logs());
    }

    /** The {@code /api/recall} answer of a result. */
    public static byte[] recall(RecallResult r) {
        return recall(r.code(), r.msg(), r.requestId(), r.items(), r.errors());
    }

    /**
     * The feed answer: envelope, {@code size}, {@code experiment_id}, {@code items[]} (with
     * {@code origin_position}/{@code new_position} in debug, {@code extra} from {@code OutputFields}), and
     * {@code logs} in debug.
     */
    public static byte[] feed(int code, String msg, String requestId, String experimentId, List<Item> items,
                              List<String> outputFields, boolean debug, List<String> logs) {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            head(g, code, msg, requestId);
            g.writeNumberField("size", items.size());
            g.writeStringField("experiment_id", experimentId);
            g.writeArrayFieldStart("items");
            for (Item item : items) {
                g.writeStartObject();
                g.writeStringField("item_id", item.id());
                g.writeNumberField("score", item.score());
                g.writeStringField("retrieve_id", item.retrieveId());
                if (debug) {
                    writeIfPresent(g, "origin_position", item.property(ScenePipeline.ORIGIN_POSITION));
                    writeIfPresent(g, "new_position", item.property(ScenePipeline.NEW_POSITION));
                }
                if (!outputFields.isEmpty()) {
                    extra(g, item, outputFields);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (debug) {
                g.writeArrayFieldStart("logs");
                for (String l : logs) {
                    g.writeString(l);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }, 128 + items.size() * 96);
    }

    /**
     * The {@code /api/recall} answer: items with {@code item_id} and {@code retrieve_id}, and {@code errors}, a
     * list of strings (PAI-Rec always writes it empty), the neutral line of each failed recall, e.g.
     * {@code "recall 'be_x2i' timeout after 100 ms"}.
     */
    public static byte[] recall(int code, String msg, String requestId, List<Item> items, List<RecallFailure> errors) {
        return JsonBytes.write(g -> {
            g.writeStartObject();
            head(g, code, msg, requestId);
            g.writeNumberField("size", items.size());
            g.writeArrayFieldStart("items");
            for (Item item : items) {
                g.writeStartObject();
                g.writeStringField("item_id", item.id());
                g.writeStringField("retrieve_id", item.retrieveId());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("errors");
            for (RecallFailure e : errors) {
                g.writeString(e.message());
            }
            g.writeEndArray();
            g.writeEndObject();
        }, 128 + items.size() * 64);
    }

    private static void extra(JsonGenerator g, Item item, List<String> outputFields) throws IOException {
        g.writeObjectFieldStart("extra");
        for (String f : outputFields) {
            if (f.startsWith("item:")) {
                String prop = f.substring(5);
                writeIfPresent(g, prop, item.property(prop));
            } else if ("score:*".equals(f)) {
                g.writeObjectFieldStart("algo_scores");
                for (Map.Entry<String, Double> e : item.algoScores().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            } else if (f.startsWith("score:")) {
                String name = f.substring(6);
                Double v = item.algoScore(name);
                if (v != null) {
                    g.writeNumberField(name, v);
                }
            }
        }
        g.writeEndObject();
    }

    private static void head(JsonGenerator g, int code, String msg, String requestId) throws IOException {
        g.writeNumberField("code", code);
        g.writeStringField("msg", msg);
        g.writeStringField("request_id", requestId);
    }

    private static void writeIfPresent(JsonGenerator g, String name, Object v) throws IOException {
        if (v == null) {
            return;
        }
        g.writeFieldName(name);
        writeValue(g, v);
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }
}
