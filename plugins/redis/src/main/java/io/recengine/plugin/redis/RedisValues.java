package io.recengine.plugin.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parsing of the values PAI-Rec keeps in Redis: {@code name:value} lists and JSON objects. */
final class RedisValues {

    /** Numbers read as double, as Go's encoding/json reads them into interface{}. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private RedisValues() {
    }

    /**
     * {@code name:value<delim>name:value}. User features keep values as text and split at the first
     * {@code :}; item features take pairs of exactly two parts and read numbers as double (PAI-Rec's
     * two readings of the same format).
     */
    static Map<String, Object> csv(String value, String delimiter, boolean item) {
        Map<String, Object> out = new LinkedHashMap<>();
        // a plain scan: the request path parses one value per item, a regex split per value costs more
        int from = 0;
        while (from <= value.length()) {
            int end = delimiter.isEmpty() ? -1 : value.indexOf(delimiter, from);
            String pair = value.substring(from, end < 0 ? value.length() : end);
            int colon = pair.indexOf(':');
            if (item) {
                if (colon >= 0 && pair.indexOf(':', colon + 1) < 0) {
                    String v = pair.substring(colon + 1);
                    Double d = number(v);
                    out.put(pair.substring(0, colon), d != null ? d : v);
                }
            } else if (colon > 0) {
                out.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
            if (end < 0) {
                break;
            }
            from = end + delimiter.length();
        }
        return out;
    }

    /** A JSON object, numbers as double; null when the value is not a JSON object. */
    static Map<String, Object> json(String value) {
        try {
            Map<String, Object> m = JSON.readValue(value, MAP);
            m.replaceAll((k, v) -> v instanceof Number n ? n.doubleValue() : v);
            return m;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A decimal number as Go's ParseFloat reads it, or null. */
    static Double number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        char c = s.charAt(s.length() - 1);
        if (!Character.isDigit(c) && c != '.') {
            return null; // Java would accept a trailing d or f, and Infinity, which Go does not
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
