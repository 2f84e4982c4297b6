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
        } catch (OutOfRange e) {
            throw new RequestException(where + " '" + GoBody.abbreviate(name, 40) + "': value " + GoBody.abbreviate(e.value, 40)
                    + " out of range for " + e.type);
        } catch (NumberFormatException e) {
            throw new RequestException(where + " '" + GoBody.abbreviate(name, 40) + "': cannot convert "
                    + GoBody.abbreviate(String.valueOf(values), 80) + " to " + type);
        }
        return new TypedFeature(name, type == null ? "" : type, v);
    }

    /** A number that does not fit its declared type: refused rather than wrapped or saturated. */
    private static final class OutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String value;
        final String type;

        OutOfRange(String value, String type) {
            super(null, null, false, false);
            this.value = value;
            this.type = type;
        }
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
            throw new RequestException(where + ": expected a " + t + " value, got "
                    + GoBody.abbreviate(n.toString(), 80));
        }
        if ("string".equals(t)) {
            return n.isTextual() ? n.textValue() : JsonValues.text(n);
        }
        if (n.isNumber()) {
            if (n.isIntegralNumber()) {
                return switch (t) {
                    case "int" -> {
                        if (!n.canConvertToInt()) {
                            throw new OutOfRange(n.asText(), t);
                        }
                        yield n.intValue();
                    }
                    case "int64" -> {
                        if (!n.canConvertToLong()) {
                            throw new OutOfRange(n.asText(), t);
                        }
                        yield n.longValue();
                    }
                    case "float" -> toFloat(n.doubleValue(), n.asText());
                    default -> toDouble(n.doubleValue(), n.asText());
                };
            }
            return fromDouble(t, n.doubleValue(), JsonValues.text(n));
        }
        if (n.isTextual()) {
            return scalarFromText(t, n.textValue().trim());
        }
        if (n.isBoolean()) {
            return scalarFromText(t, n.booleanValue() ? "1" : "0");
        }
        throw new NumberFormatException(String.valueOf(n));
    }

    private static Object scalarFromText(String t, String s) {
        switch (t) {
            case "int", "int64" -> {
                try {
                    long v = Long.parseLong(s);
                    if ("int".equals(t) && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                        throw new OutOfRange(s, t);
                    }
                    return "int".equals(t) ? (Object) (int) v : (Object) v;
                } catch (NumberFormatException e) {
                    if (s.matches("[+-]?\\d+")) {
                        throw new OutOfRange(s, t); // digits only: too many of them
                    }
                    return fromDouble(t, parseDecimal(s), s);
                }
            }
            case "float", "double" -> {
                return fromDouble(t, parseDecimal(s), s);
            }
            default -> {
                return s;
            }
        }
    }

    /** Decimal text as JSON writes numbers; Java's extras ({@code 1d}, hex, {@code NaN}) are refused. */
    private static double parseDecimal(String s) {
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    /** A decimal as {@code t}: integers truncate toward zero as Go's conversion does, within the type's range. */
    private static Object fromDouble(String t, double d, String literal) {
        return switch (t) {
            case "int" -> {
                if (!Double.isFinite(d) || d >= 2147483648.0 || d <= -2147483649.0) {
                    throw new OutOfRange(literal, t);
                }
                yield (int) d;
            }
            case "int64" -> {
                // 2^63 is the first double past Long.MAX_VALUE
                if (!Double.isFinite(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
                    throw new OutOfRange(literal, t);
                }
                yield (long) d;
            }
            case "float" -> toFloat(d, literal);
            default -> toDouble(d, literal);
        };
    }

    private static float toFloat(double d, String literal) {
        float f = (float) d;
        if (!Double.isFinite(d) || Float.isInfinite(f)) {
            throw new OutOfRange(literal, "float");
        }
        return f;
    }

    private static double toDouble(double d, String literal) {
        if (!Double.isFinite(d)) {
            throw new OutOfRange(literal, "double");
        }
        return d;
    }
}
