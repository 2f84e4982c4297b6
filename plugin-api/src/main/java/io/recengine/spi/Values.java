package io.recengine.spi;

import java.math.BigDecimal;
import java.util.List;

/** Conversions of property values shared by the engine and plugins, with Go's text forms. */
public final class Values {

    private Values() {
    }

    /**
     * The value as text: null is {@code ""}; integral numbers print as plain digits ({@code 1234567},
     * never {@code 1.234567E6}); other doubles print as the shortest round-trip form; lists join with
     * {@code ,}.
     */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e18) {
                return Long.toString((long) d);
            }
            return v instanceof Float ? Float.toString((Float) v) : Double.toString(d);
        }
        if (v instanceof BigDecimal bd) {
            return bd.stripTrailingZeros().toPlainString();
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(text(list.get(i)));
            }
            return sb.toString();
        }
        return v.toString();
    }

    /**
     * The value as a double: numbers as they are, numeric strings parsed, booleans 1/0; otherwise
     * {@code fallback}.
     */
    public static double toDouble(Object v, double fallback) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s && !s.isEmpty()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return fallback;
    }
}
