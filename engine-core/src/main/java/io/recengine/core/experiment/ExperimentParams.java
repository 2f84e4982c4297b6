package io.recengine.core.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a request's experiments set, merged over its layers (PAI-Rec's {@code LayerParams}),
 * with the A/B client's typed getters and their conversions (a number read as text is its integer part,
 * as the client does). Immutable.
 */
public final class ExperimentParams {

    public static final ExperimentParams EMPTY = new ExperimentParams(Map.of());

    private final Map<String, Object> values;

    ExperimentParams(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The raw JSON value (String, Number, Boolean, List, Map), or {@code fallback}. */
    public Object get(String key, Object fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v;
    }

    public String getString(String key, String fallback) {
        Object v = values.get(key);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        return fallback;
    }

    public int getInt(String key, int fallback) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public double getDouble(String key, double fallback) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** Every parameter, in the order layers set them. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
