package io.recengine.core.callback;

import io.recengine.spi.TypedFeature;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text as Go's {@code encoding/json} prints the maps PAI-Rec logs: object keys sorted, floats in
 * Go's shortest form ({@code 25}, {@code 0.95}, {@code 1e+21}), {@code <}, {@code >}, {@code &} escaped as
 * {@code \u003c} etc. Used for the {@code user_features}, {@code item_features} and {@code request_info}
 * columns so that training tables built from PAI-Rec logs keep their bytes. Thread-safe (stateless).
 */
final class GoJson {

    private GoJson() {
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder(128);
        append(sb, v);
        return sb.toString();
    }

    static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Float f) {
            sb.append(goFloat(f.doubleValue(), Float.toString(f)));
        } else if (v instanceof Double d) {
            sb.append(goFloat(d, Double.toString(d)));
        } else if (v instanceof BigDecimal bd) {
            sb.append(bd.stripTrailingZeros().toPlainString());
        } else if (v instanceof Number n) {
            sb.append(goFloat(n.doubleValue(), Double.toString(n.doubleValue())));
        } else if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else if (v instanceof TypedFeature tf) {
            append(sb, tf.value());
        } else {
            string(sb, v.toString());
        }
    }

    /**
     * Go's float64 text: shortest round-trip digits, plain for exponents in [-6, 21), else
     * {@code d.ddde+XX}. NaN and infinities (which Go refuses to encode) print as strings.
     */
    static String goFloat(double d, String javaText) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "\"" + javaText + "\"";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(javaText).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return bd.toPlainString();
        }
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) {
            sb.append('0');
        }
        sb.append(e);
        return sb.toString();
    }

    static void string(StringBuilder sb, String s) {
        io.recengine.core.api.JsonText.quote(sb, s, true);
    }
}
