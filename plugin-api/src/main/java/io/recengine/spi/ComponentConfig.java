package io.recengine.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JSON object of the config, read with Go's {@code encoding/json} rules for struct fields: keys match
 * case-insensitively, unknown keys are ignored, absent keys read as zero values ({@code ""}, 0,
 * {@code false}, empty lists). Nested maps keyed by user names ({@code SceneConfs}, {@code *Confs}) keep
 * their keys exact through {@link #childMap}.
 *
 * <p>Immutable and thread-safe. Values are the JSON tree as {@code String}, {@code Number},
 * {@code Boolean}, {@code List} and {@code Map}. A value of the wrong JSON type throws
 * {@link ConfigException} naming {@link #component()} and the key.
 */
public final class ComponentConfig {

    private static final ComponentConfig EMPTY_ROOT = new ComponentConfig("", Map.of());
    private static final String MASK = "****";

    private final String path;
    private final Map<String, Object> original;
    private final TreeMap<String, Object> index;

    private ComponentConfig(String path, Map<String, ?> values) {
        this.path = path == null ? "" : path;
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v));
        this.original = Collections.unmodifiableMap(copy);
        this.index = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        // Go assigns each JSON key to its field in order, so of "name" and "Name" the last one wins.
        copy.forEach(index::put);
    }

    /**
     * A view over {@code values} (copied shallowly).
     *
     * @param path where the object sits in the config, e.g. {@code RecallConfs[2]}; used in messages
     *             when the object has no {@code Name}
     */
    public static ComponentConfig of(String path, Map<String, ?> values) {
        return new ComponentConfig(path, values == null ? Map.of() : values);
    }

    /** An empty object. */
    public static ComponentConfig empty(String path) {
        return path == null || path.isEmpty() ? EMPTY_ROOT : new ComponentConfig(path, Map.of());
    }

    /** Where the object sits in the config, e.g. {@code RecallConfs[2]} or {@code RankConf.home_feed}. */
    public String path() {
        return path;
    }

    /** The {@code Name} key, {@code ""} when absent. */
    public String name() {
        Object v = index.get("Name");
        return v instanceof String s ? s : "";
    }

    /** How messages refer to this object: {@code 'name' (path)} or the path alone. */
    public String component() {
        String n = name();
        if (n.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? "'" + n + "'" : "'" + n + "' (" + path + ")";
    }

    public boolean isEmpty() {
        return original.isEmpty();
    }

    /** True when the key is present, even with a null value. */
    public boolean has(String key) {
        return index.containsKey(key);
    }

    /** The raw value (null when absent). */
    public Object raw(String key) {
        return index.get(key);
    }

    /** The keys as written in the JSON, in order. */
    public Set<String> keys() {
        return original.keySet();
    }

    /** The object as written (original key case), unmodifiable. */
    public Map<String, Object> asMap() {
        return original;
    }

    /** A string value; {@code ""} when absent or null. */
    public String string(String key) {
        return string(key, "");
    }

    /** A string value; {@code def} when absent, null or empty. */
    public String string(String key, String def) {
        Object v = index.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof String s) {
            return s.isEmpty() ? def : s;
        }
        throw wrongType(key, "a string", v);
    }

    /** A required non-empty string. */
    public String require(String key) {
        String s = string(key, "");
        if (s.isEmpty()) {
            throw new ConfigException(component(), key, "is required");
        }
        return s;
    }

    /** An integer value; {@code def} when absent or null. A fraction or a string is an error. */
    public int integer(String key, int def) {
        long v = longValue(key, def);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new ConfigException(component(), key, "value " + v + " is out of range");
        }
        return (int) v;
    }

    public long longValue(String key, long def) {
        Object v = index.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d)) {
                throw wrongType(key, "an integer", v);
            }
            return n.longValue();
        }
        throw wrongType(key, "a number", v);
    }

    /** A floating-point value; {@code def} when absent or null. */
    public double decimal(String key, double def) {
        Object v = index.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    /** A boolean value; {@code def} when absent or null. */
    public boolean bool(String key, boolean def) {
        Object v = index.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    /** A list of strings; empty when absent or null. */
    public List<String> stringList(String key) {
        Object v = index.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(key, "a list of strings", v);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw wrongType(key, "a list of strings", v);
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    /** A nested object; empty when absent or null. */
    public ComponentConfig child(String key) {
        Object v = index.get(key);
        String childPath = childPath(key);
        if (v == null) {
            return empty(childPath);
        }
        if (v instanceof Map<?, ?> m) {
            return new ComponentConfig(childPath, cast(m));
        }
        throw wrongType(key, "an object", v);
    }

    /** A list of objects; empty when absent or null. */
    public List<ComponentConfig> children(String key) {
        Object v = index.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(key, "a list of objects", v);
        }
        List<ComponentConfig> out = new ArrayList<>(list.size());
        String base = childPath(key);
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (o == null) {
                out.add(empty(base + "[" + i + "]"));
            } else if (o instanceof Map<?, ?> m) {
                out.add(new ComponentConfig(base + "[" + i + "]", cast(m)));
            } else {
                throw wrongType(key + "[" + i + "]", "an object", o);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A map of objects keyed by user names (exact case kept), e.g. {@code SceneConfs} or
     * {@code HologresConfs}; empty when absent or null.
     */
    public Map<String, ComponentConfig> childMap(String key) {
        Object v = index.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw wrongType(key, "an object", v);
        }
        Map<String, ComponentConfig> out = new LinkedHashMap<>();
        String base = childPath(key);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object o = e.getValue();
            if (o == null) {
                out.put(k, empty(base + "." + k));
            } else if (o instanceof Map<?, ?> mm) {
                out.put(k, new ComponentConfig(base + "." + k, cast(mm)));
            } else {
                throw wrongType(key + "." + k, "an object", o);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * This object's own entries as objects, keys exact (for an object that is itself a map keyed by
     * user names, such as one scene of {@code SceneConfs}: category -> config).
     */
    public Map<String, ComponentConfig> entries() {
        Map<String, ComponentConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : original.entrySet()) {
            String k = e.getKey();
            Object o = e.getValue();
            String p = path.isEmpty() ? k : path + "." + k;
            if (o == null) {
                out.put(k, empty(p));
            } else if (o instanceof Map<?, ?> mm) {
                out.put(k, new ComponentConfig(p, cast(mm)));
            } else {
                throw wrongType(k, "an object", o);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A map of string lists keyed by user names, e.g. {@code FilterNames}; empty when absent. */
    public Map<String, List<String>> stringListMap(String key) {
        Object v = index.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw wrongType(key, "an object of string lists", v);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object o = e.getValue();
            if (o == null) {
                out.put(k, List.of());
                continue;
            }
            if (!(o instanceof List<?> list)) {
                throw wrongType(key + "." + k, "a list of strings", o);
            }
            List<String> names = new ArrayList<>(list.size());
            for (Object n : list) {
                if (!(n instanceof String s)) {
                    throw wrongType(key + "." + k, "a list of strings", o);
                }
                names.add(s);
            }
            out.put(k, Collections.unmodifiableList(names));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The object as plain values ({@code Map}, {@code List}, scalars; unmodifiable copies) with the
     * non-null values of {@code secretKeys} replaced by {@code "****"}, at any depth, keys matched
     * case-insensitively. This is what the engine renders (as JSON) when it prints a config: the plugin API
     * has no JSON library, so the text itself is written on the engine side.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> masked(Set<String> secretKeys) {
        TreeMap<String, Boolean> secrets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        secretKeys.forEach(k -> secrets.put(k, true));
        return (Map<String, Object>) mask(original, secrets.keySet());
    }

    private static Object mask(Object v, Set<String> secrets) {
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                String key = String.valueOf(k);
                out.put(key, x != null && secrets.contains(key) ? MASK : mask(x, secrets));
            });
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(mask(x, secrets)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /**
     * Where the object sits and its keys, never the values (which may hold secrets); the engine prints
     * the content as JSON from {@link #masked}.
     */
    @Override
    public String toString() {
        return "ComponentConfig{" + (path.isEmpty() ? "<root>" : path) + ", keys=" + original.keySet() + "}";
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigException wrongType(String key, String expected, Object actual) {
        return new ConfigException(component(), key, "expected " + expected + ", got " + describe(actual));
    }

    /** A value as messages show it: {@code string "x"}, {@code number 5}, {@code an object}, ... */
    static String describe(Object v) {
        if (v instanceof String s) {
            return "string \"" + s + "\"";
        }
        if (v instanceof Number) {
            return "number " + v;
        }
        if (v instanceof Boolean) {
            return "boolean " + v;
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}
