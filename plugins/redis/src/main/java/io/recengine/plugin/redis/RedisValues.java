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
        for (String pair : value.split(java.util.regex.Pattern.quote(delimiter), -1)) {
            if (item) {
                String[] kv = pair.split(":", -1);
                if (kv.length == 2) {
                    Double d = number(kv[1]);
                    out.put(kv[0], d != null ? d : kv[1]);
                }
            } else {
                int i = pair.indexOf(':');
                if (i > 0) {
                    out.put(pair.substring(0, i), pair.substring(i + 1));
                }
            }
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
