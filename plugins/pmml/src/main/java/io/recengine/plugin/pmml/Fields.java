package io.recengine.plugin.pmml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a model reads, each with a slot in a row ({@code Object[]}): the active fields of the
 * {@code DataDictionary}, then the outputs of model-chain segments. A slot holds a {@code Double} for a
 * continuous field, a {@code String} for a categorical or ordinal one, or null when missing.
 */
final class Fields {

    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> continuous = new ArrayList<>();
    private final List<Object> replacements = new ArrayList<>();

    int add(String name, boolean isContinuous) {
        Integer s = slots.get(name);
        if (s != null) {
            return s;
        }
        slots.put(name, names.size());
        names.add(name);
        continuous.add(isContinuous);
        replacements.add(null);
        return names.size() - 1;
    }

    /** The slot of {@code name}, or -1. */
    int slot(String name) {
        Integer s = slots.get(name);
        return s == null ? -1 : s;
    }

    int size() {
        return names.size();
    }

    String name(int slot) {
        return names.get(slot);
    }

    boolean isContinuous(int slot) {
        return continuous.get(slot);
    }

    void replaceMissing(int slot, String value) {
        replacements.set(slot, convert(slot, value));
    }

    Object replacement(int slot) {
        return replacements.get(slot);
    }

    /** A raw feature value in the field's kind; null when missing or not a number for a continuous field. */
    Object convert(int slot, Object v) {
        if (v == null) {
            return null;
        }
        if (continuous.get(slot)) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1.0 : 0.0;
            }
            try {
                return Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return text(v);
    }

    /** A value's text as a categorical field compares it: integral numbers without ".0". */
    static String text(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return v.toString();
    }
}
