package io.recengine.core.callback;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recengine.spi.TypedFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link CallbackRequest} as one line of JSON and back, exactly: a value decodes to the Java type it was
 * encoded from, so a callback replayed from the journal runs the callback stages with the same values as
 * the one accepted (a {@code complex_type_features} {@code int} stays an {@code Integer}, a {@code float} a
 * {@code Float}, a {@code map<int64,double>} keeps its {@code Long} keys).
 *
 * <p>Plain JSON for what JSON holds without loss: strings, booleans, null, {@code Long}, finite
 * {@code Double}, lists, maps with string keys. Every other value is an object with one field naming its
 * type: {@code {"~i":5}} (Integer), {@code {"~f":0.5}} (Float), {@code ~s} Short, {@code ~b} Byte,
 * {@code ~c} Character, {@code ~bi} BigInteger, {@code ~bd} BigDecimal (text, scale kept), {@code ~d} a
 * non-finite Double (text), {@code ~m} a map with other keys ({@code [k, v, k, v, ...]}), {@code ~set} a
 * set, {@code ~fa} / {@code ~da} / {@code ~ia} / {@code ~la} / {@code ~oa} float / double / int / long /
 * object arrays, {@code ~str} anything else as its {@code toString()} text (what the Go-style row JSON
 * prints for it). A map key starting with {@code ~} is written with one more {@code ~} in front. Thread-safe.
 */
final class JournalCodec {

    private static final JsonFactory JSON = new JsonFactory();
    private static final char TAG = '~';

    private JournalCodec() {
    }

    /** The request (without the journal's sequence number and time) as JSON bytes. */
    static byte[] encode(CallbackRequest req) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * req.itemList().size());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, req);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void write(JsonGenerator g, CallbackRequest req) throws IOException {
        g.writeStartObject();
        g.writeStringField("scene", req.sceneId());
        g.writeStringField("request_id", req.requestId());
        g.writeStringField("uid", req.uid());
        g.writeFieldName("features");
        value(g, req.features());
        g.writeArrayFieldStart("complex_type_features");
        for (TypedFeature tf : req.complexTypeFeatures()) {
            g.writeStartObject();
            g.writeStringField("name", tf.name());
            g.writeStringField("type", tf.type());
            g.writeFieldName("values");
            value(g, tf.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("item_list");
        value(g, req.itemList());
        g.writeFieldName("request_info");
        value(g, req.requestInfo());
        g.writeBooleanField("debug", req.debug());
        g.writeBooleanField("auto", req.auto());
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d && Double.isFinite(d)) {
            // Double.toString always has a '.' or an exponent: it reads back as a float token, the same double
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            if (stringKeys(m)) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                    String k = e.getKey();
                    g.writeFieldName(!k.isEmpty() && k.charAt(0) == TAG ? TAG + k : k);
                    value(g, e.getValue());
                }
                g.writeEndObject();
            } else {
                tagged(g, "~m");
                g.writeStartArray();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    value(g, e.getKey());
                    value(g, e.getValue());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } else if (v instanceof List<?> list) {
            array(g, list);
        } else if (v instanceof Set<?> set) {
            tagged(g, "~set");
            array(g, set);
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            array(g, c);
        } else {
            scalarOrArray(g, v);
        }
    }

    private static void scalarOrArray(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Integer i) {
            tagged(g, "~i");
            g.writeNumber(i);
        } else if (v instanceof Float f) {
            tagged(g, "~f");
            g.writeString(Float.toString(f));
        } else if (v instanceof Short s) {
            tagged(g, "~s");
            g.writeNumber(s);
        } else if (v instanceof Byte b) {
            tagged(g, "~b");
            g.writeNumber(b);
        } else if (v instanceof Character c) {
            tagged(g, "~c");
            g.writeString(c.toString());
        } else if (v instanceof BigInteger bi) {
            tagged(g, "~bi");
            g.writeString(bi.toString());
        } else if (v instanceof BigDecimal bd) {
            tagged(g, "~bd");
            g.writeString(bd.toString());
        } else if (v instanceof Double d) {
            tagged(g, "~d");
            g.writeString(d.toString());
        } else if (v instanceof float[] a) {
            tagged(g, "~fa");
            g.writeStartArray();
            for (float f : a) {
                g.writeString(Float.toString(f));
            }
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            tagged(g, "~da");
            g.writeStartArray();
            for (double d : a) {
                g.writeString(Double.toString(d));
            }
            g.writeEndArray();
        } else if (v instanceof int[] a) {
            tagged(g, "~ia");
            g.writeArray(a, 0, a.length);
        } else if (v instanceof long[] a) {
            tagged(g, "~la");
            g.writeArray(a, 0, a.length);
        } else if (v instanceof Object[] a) {
            tagged(g, "~oa");
            array(g, Arrays.asList(a));
        } else {
            tagged(g, "~str");
            g.writeString(String.valueOf(v));
        }
        g.writeEndObject();
    }

    private static void tagged(JsonGenerator g, String tag) throws IOException {
        g.writeStartObject();
        g.writeFieldName(tag);
    }

    private static void array(JsonGenerator g, Collection<?> c) throws IOException {
        g.writeStartArray();
        for (Object e : c) {
            value(g, e);
        }
        g.writeEndArray();
    }

    private static boolean stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Reads what {@link #write} wrote; the parser is at the request's START_OBJECT. */
    @SuppressWarnings("unchecked")
    static CallbackRequest read(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, p);
        String scene = "";
        String requestId = "";
        String uid = "";
        Map<String, Object> features = new LinkedHashMap<>();
        List<TypedFeature> complex = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Object> requestInfo = new LinkedHashMap<>();
        boolean debug = false;
        boolean auto = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "scene" -> scene = p.getText();
                case "request_id" -> requestId = p.getText();
                case "uid" -> uid = p.getText();
                case "features" -> features = (Map<String, Object>) read(p, p.currentToken());
                case "complex_type_features" -> {
                    expect(p.currentToken(), JsonToken.START_ARRAY, p);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String name = "";
                        String type = "";
                        Object values = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken t = p.nextToken();
                            switch (f) {
                                case "name" -> name = p.getText();
                                case "type" -> type = p.getText();
                                default -> values = read(p, t);
                            }
                        }
                        complex.add(new TypedFeature(name, type, values));
                    }
                }
                case "item_list" -> items = (List<Map<String, Object>>) read(p, p.currentToken());
                case "request_info" -> requestInfo = (Map<String, Object>) read(p, p.currentToken());
                case "debug" -> debug = p.getBooleanValue();
                case "auto" -> auto = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return new CallbackRequest(scene, requestId, uid, features, List.copyOf(complex), items, requestInfo,
                debug, auto);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case START_ARRAY:
                return readList(p);
            case START_OBJECT:
                return readObject(p);
            default:
                throw new IOException("unexpected " + t + " in a journal entry at " + p.currentLocation());
        }
    }

    private static List<Object> readList(JsonParser p) throws IOException {
        List<Object> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(read(p, t));
        }
        return out;
    }

    private static Object readObject(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME) {
            String first = p.currentName();
            if (first.length() > 1 && first.charAt(0) == TAG && first.charAt(1) != TAG) {
                Object v = readTagged(p, first, p.nextToken());
                expect(p.nextToken(), JsonToken.END_OBJECT, p);
                return v;
            }
        }
        while (t == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            if (!k.isEmpty() && k.charAt(0) == TAG) {
                k = k.substring(1);
            }
            out.put(k, read(p, p.nextToken()));
            t = p.nextToken();
        }
        return out;
    }

    private static Object readTagged(JsonParser p, String tag, JsonToken t) throws IOException {
        return switch (tag) {
            case "~i" -> p.getIntValue();
            case "~f" -> Float.parseFloat(p.getText());
            case "~s" -> p.getShortValue();
            case "~b" -> p.getByteValue();
            case "~c" -> p.getText().charAt(0);
            case "~bi" -> new BigInteger(p.getText());
            case "~bd" -> new BigDecimal(p.getText());
            case "~d" -> Double.parseDouble(p.getText());
            case "~str" -> p.getText();
            case "~set" -> new LinkedHashSet<>(readList(p));
            case "~oa" -> readList(p).toArray();
            case "~m" -> {
                List<Object> kv = readList(p);
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i + 1 < kv.size(); i += 2) {
                    m.put(kv.get(i), kv.get(i + 1));
                }
                yield m;
            }
            case "~fa", "~da", "~ia", "~la" -> primitiveArray(tag, readList(p));
            default -> throw new IOException("unknown type tag " + tag + " in a journal entry");
        };
    }

    private static Object primitiveArray(String tag, List<Object> values) {
        int n = values.size();
        switch (tag) {
            case "~fa": {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Float.parseFloat((String) values.get(i));
                }
                return a;
            }
            case "~da": {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.parseDouble((String) values.get(i));
                }
                return a;
            }
            case "~ia": {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) values.get(i)).intValue();
                }
                return a;
            }
            default: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) values.get(i)).longValue();
                }
                return a;
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser p) throws IOException {
        if (actual != expected) {
            throw new IOException("journal entry: expected " + expected + ", got " + actual + " at "
                    + p.currentLocation());
        }
    }
}
