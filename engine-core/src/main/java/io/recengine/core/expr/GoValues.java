package io.recengine.core.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property conversions as PAI-Rec's condition operators make them: a value that does not convert gives
 * the caller's default (so two unconvertible sides may or may not compare equal, depending on the
 * operator), integers truncate fractions, lists drop elements that have no text.
 */
final class GoValues {

    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
    private static final List<DateTimeFormatter> ZONED_TIMES = List.of(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XX", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXX", Locale.ROOT));

    private GoValues() {
    }

    /** Text of strings and numbers (numbers without exponent, {@code 42} not {@code 42.0}); else {@code def}. */
    static String text(Object v, String def) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return d > 0 ? "+Inf" : d < 0 ? "-Inf" : "NaN";
            }
            String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
            return "-0".equals(plain) ? "0" : plain;
        }
        if (v instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return def;
    }

    /** Whole numbers (fractions truncated) and decimal-integer strings; else {@code def}. */
    static long integer(Object v, long def) {
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return def;
            }
        }
        return def;
    }

    /** Numbers and numeric strings; else {@code def}. */
    static double decimal(Object v, double def) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s && !s.isEmpty()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.matches("[+-]?(inf|infinity)")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if ("nan".equals(lower)) {
                return Double.NaN;
            }
            if (Character.isLetter(s.charAt(s.length() - 1))) {
                return def;  // Java's "1f" / "2d" suffixes are not numbers in Go
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return def;
            }
        }
        return def;
    }

    /** A list as texts, elements without text dropped; a non-list is empty. */
    static List<String> texts(Object v) {
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            String s = text(o, "");
            if (!s.isEmpty() || o instanceof String) {
                out.add(s);
            }
        }
        return out;
    }

    /** A list as integers, unconvertible elements 0; a non-list is empty. */
    static long[] integers(Object v) {
        if (!(v instanceof List<?> list)) {
            return new long[0];
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(list.get(i), 0);
        }
        return out;
    }

    /**
     * A time in one of PAI-Rec's accepted layouts ({@code 2006-01-02 15:04:05}, {@code 2006-01-02 15:04},
     * {@code 2006-01-02}, RFC 3339, ISO 8601 with offset); times without an offset are UTC. Null when
     * none fits.
     */
    static Instant time(String s) {
        for (DateTimeFormatter f : LOCAL_TIMES) {
            try {
                return LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // next layout
            }
        }
        try {
            return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next layout
        }
        for (DateTimeFormatter f : ZONED_TIMES) {
            try {
                return OffsetDateTime.parse(s, f).toInstant();
            } catch (DateTimeParseException e) {
                // next layout
            }
        }
        return null;
    }
}
