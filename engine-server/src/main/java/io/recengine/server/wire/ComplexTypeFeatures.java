package io.recengine.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.spi.TypedFeature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts {@code complex_type_features} entries to Java values of their declared type, as PAI-Rec's
 * {@code web/complex_type_features.go} does to Go values: {@code int} -> Integer, {@code int64} -> Long,
 * {@code float} -> Float, {@code double} -> Double, {@code string} -> String, {@code list<T>} and
 * {@code map<K,V>} of those (map keys keep their key type). Numeric strings convert; anything else is a
 * {@link RequestException}. An unknown type string keeps the raw JSON value.
 */
public final class ComplexTypeFeatures {

    private ComplexTypeFeatures() {
    }

    /** Converts one entry; {@code where} names it in messages, e.g. {@code complex_type_features[0]}. */
    public static TypedFeature convert(String name, String type, JsonNode values, String where) {
        String t = type == null ? "" : type.replace(" ", "");
        Object v;
        try {
            v = convertValue(t, values, where);
        } catch (NumberFormatException e) {
            throw new RequestException(where + " '" + name + "': cannot convert " + values + " to " + type);
        }
        return new TypedFeature(name, type == null ? "" : type, v);
    }

    private static Object convertValue(String t, JsonNode values, String where) {
        if (t.startsWith("list<list<") && t.endsWith(">>")) {
            String inner = t.substring(10, t.length() - 2);
            List<Object> outer = new ArrayList<>();
            for (JsonNode row : array(values, where, t)) {
                List<Object> r = new ArrayList<>();
                for (JsonNode e : array(row, where, t)) {
                    r.add(scalar(inner, e, where));
                }
                outer.add(Collections.unmodifiableList(r));
            }
            return Collections.unmodifiableList(outer);
        }
        if (t.startsWith("list<") && t.endsWith(">")) {
            String inner = t.substring(5, t.length() - 1);
            if (!isScalar(inner)) {
                return JsonValues.toJava(values);
            }
            List<Object> out = new ArrayList<>();
            for (JsonNode e : array(values, where, t)) {
                out.add(scalar(inner, e, where));
            }
            return Collections.unmodifiableList(out);
        }
        if (t.startsWith("map<") && t.endsWith(">")) {
            String[] kv = t.substring(4, t.length() - 1).split(",", 2);
            if (kv.length != 2 || !isScalar(kv[0]) || !isScalar(kv[1])) {
                return JsonValues.toJava(values);
            }
            if (!values.isObject()) {
                throw new RequestException(where + ": values of type " + t + " must be a JSON object");
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = values.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(scalarFromText(kv[0], e.getKey()), scalar(kv[1], e.getValue(), where));
            }
            return Collections.unmodifiableMap(out);
        }
        if (isScalar(t)) {
            return scalar(t, values, where);
        }
        return JsonValues.toJava(values);
    }

    private static boolean isScalar(String t) {
        return switch (t) {
            case "int", "int64", "float", "double", "string" -> true;
            default -> false;
        };
    }

    private static Iterable<JsonNode> array(JsonNode n, String where, String t) {
        if (!n.isArray()) {
            throw new RequestException(where + ": values of type " + t + " must be a JSON array");
        }
        return n;
    }

    private static Object scalar(String t, JsonNode n, String where) {
        if (n.isContainerNode()) {
            throw new RequestException(where + ": expected a " + t + " value, got " + n);
        }
        if ("string".equals(t)) {
            return n.isTextual() ? n.textValue() : JsonValues.text(n);
        }
        if (n.isNumber()) {
            return switch (t) {
                case "int" -> (int) checkedLong(n);
                case "int64" -> checkedLong(n);
                case "float" -> n.floatValue();
                default -> n.doubleValue();
            };
        }
        if (n.isTextual()) {
            return scalarFromText(t, n.textValue().trim());
        }
        if (n.isBoolean()) {
            return scalarFromText(t, n.booleanValue() ? "1" : "0");
        }
        throw new NumberFormatException(String.valueOf(n));
    }

    private static long checkedLong(JsonNode n) {
        double d = n.doubleValue();
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        return (long) d;
    }

    private static Object scalarFromText(String t, String s) {
        return switch (t) {
            case "int" -> (int) parseLong(s);
            case "int64" -> parseLong(s);
            case "float" -> Float.parseFloat(s);
            case "double" -> Double.parseDouble(s);
            default -> s;
        };
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            double d = Double.parseDouble(s);
            return (long) d;
        }
    }
}
