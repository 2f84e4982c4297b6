package io.recengine.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one config object into typed settings with types and ranges checked, collecting every problem
 * (component, key, what is wanted, what was written) instead of stopping at the first.
 *
 * <p>The point is one reading per config object: a factory's {@link ComponentFactory#check check} and its
 * {@link ComponentFactory#create create} call the same method that fills a settings record from a reader,
 * so {@code validate} and start-up cannot disagree. {@code check} returns {@link #problems()},
 * {@code create} calls {@link #requireValid()} before it uses the settings. A bad value reads as its
 * default, so reading goes on and finds the other problems. Not thread-safe; one reader per reading.
 */
public final class ConfigReader {

    private final ComponentConfig config;
    private final String component;
    private final List<ConfigException> problems = new ArrayList<>();

    /** A reader whose messages name {@code config.component()}. */
    public ConfigReader(ComponentConfig config) {
        this(config, config.component());
    }

    /** A reader whose messages name {@code component}, e.g. {@code EngineConf}. */
    public ConfigReader(ComponentConfig config, String component) {
        this.config = config;
        this.component = component;
    }

    /**
     * Every problem {@code read} finds in {@code config}, messages naming {@code component}: what a
     * factory's {@code check} returns.
     */
    public static List<ConfigException> check(ComponentConfig config, String component,
                                              Function<ConfigReader, ?> read) {
        ConfigReader r = new ConfigReader(config, component);
        read.apply(r);
        return r.problems();
    }

    /**
     * The settings {@code read} makes of {@code config}; throws the first problem {@link #check} would
     * report: what a factory's {@code create} starts with.
     */
    public static <T> T read(ComponentConfig config, String component, Function<ConfigReader, T> read) {
        ConfigReader r = new ConfigReader(config, component);
        T settings = read.apply(r);
        r.requireValid();
        return settings;
    }

    /** The object read. */
    public ComponentConfig config() {
        return config;
    }

    /** An integer {@code >= min}; {@code def} when absent or null. */
    public int integer(String key, int def, int min) {
        return integer(key, def, min, Integer.MAX_VALUE);
    }

    /** An integer in {@code [min, max]}; {@code def} when absent or null. */
    public int integer(String key, int def, int min, int max) {
        return (int) longValue(key, def, min, max);
    }

    /** A long {@code >= min}; {@code def} when absent or null. */
    public long longValue(String key, long def, long min) {
        return longValue(key, def, min, Long.MAX_VALUE);
    }

    /** A long in {@code [min, max]}; {@code def} when absent or null. */
    public long longValue(String key, long def, long min, long max) {
        Object v = config.raw(key);
        if (v == null) {
            return def;
        }
        BigInteger n = integral(v);
        if (n != null && n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
            return n.longValue();
        }
        problem(key, "want an integer " + range(min, max) + ", got " + ComponentConfig.describe(v));
        return def;
    }

    /** A finite number in {@code [min, max]}; {@code def} when absent or null. */
    public double decimal(String key, double def, double min, double max) {
        Object v = config.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= min && n.doubleValue() <= max) {
            return n.doubleValue();
        }
        problem(key, "want a number " + range(min, max) + ", got " + ComponentConfig.describe(v));
        return def;
    }

    /** A string; {@code def} when absent, null or empty. */
    public String string(String key, String def) {
        Object v = config.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof String s) {
            return s.isEmpty() ? def : s;
        }
        // the kind alone, never the value: a mistyped password must not be echoed
        problem(key, "want a string, got " + kind(v));
        return def;
    }

    /** A non-empty string; {@code ""} (and a problem) when absent or empty. */
    public String require(String key) {
        String s = string(key, "");
        if (s.isEmpty() && (config.raw(key) == null || config.raw(key) instanceof String)) {
            problem(key, "is required");
        }
        return s;
    }

    /** {@code true} or {@code false}; {@code def} when absent or null. */
    public boolean bool(String key, boolean def) {
        Object v = config.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(key, "want true or false, got " + ComponentConfig.describe(v));
        return def;
    }

    /**
     * An object whose values are strings, numbers or booleans, as text (numbers as written in JSON:
     * {@code 5}, not {@code 5.0}); empty when absent or null. Settings passed on to a client library
     * ({@code ProducerProperties}) are read this way: a nested object or list is a problem, not a
     * {@code toString()}.
     */
    public Map<String, String> scalars(String key) {
        Object v = config.raw(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            problem(key, "want an object of strings, numbers or booleans, got " + ComponentConfig.describe(v));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, x) -> {
            String name = String.valueOf(k);
            if (x instanceof String s) {
                out.put(name, s);
            } else if (x instanceof Boolean b) {
                out.put(name, b.toString());
            } else if (x instanceof Number n) {
                BigInteger i = integral(n);
                out.put(name, i != null ? i.toString() : n.toString());
            } else {
                problem(key + "." + name, "want a string, a number or a boolean, got " + ComponentConfig.describe(x));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Adds a problem of this object's {@code key}. */
    public void problem(String key, String reason) {
        problems.add(new ConfigException(component, key, reason));
    }

    /** Adds a problem found elsewhere (a parser that throws {@link ConfigException}). */
    public void problem(ConfigException e) {
        problems.add(e);
    }

    /** Every problem found so far, in the order found. */
    public List<ConfigException> problems() {
        return List.copyOf(problems);
    }

    /** Throws the first problem found, if any: what {@code create} calls before using the settings. */
    public void requireValid() {
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    private static String kind(Object v) {
        return v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : v instanceof List ? "a list"
                : v instanceof Map ? "an object" : "a string";
    }

    private static BigInteger integral(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d)) {
                return new BigDecimal(n.toString()).toBigIntegerExact();
            }
        }
        return null;
    }

    private static String range(double min, double max) {
        boolean noMax = max == Long.MAX_VALUE || max == Integer.MAX_VALUE || max == Double.MAX_VALUE;
        if (noMax) {
            return ">= " + text(min);
        }
        return "from " + text(min) + " to " + text(max);
    }

    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
