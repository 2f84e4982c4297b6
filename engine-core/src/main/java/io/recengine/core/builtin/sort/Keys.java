package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed reading of the sorts' nested keys that collects every problem (the sorts' {@code check} and
 * {@code create} share one reading, so {@code validate} and start-up refuse the same configs). A bad
 * value reads as its default so that reading goes on and finds the other problems.
 */
final class Keys {

    private final String component;
    private final List<ConfigException> problems = new ArrayList<>();

    Keys(ComponentConfig config) {
        this.component = "sort " + config.component();
    }

    String component() {
        return component;
    }

    List<ConfigException> problems() {
        return List.copyOf(problems);
    }

    void problem(String key, String reason) {
        problems.add(new ConfigException(component, key, reason));
    }

    void requireValid() {
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** The key as messages show it: the object's path inside the sort plus the key. */
    static String key(ComponentConfig c, String key) {
        String p = c.path();
        int dot = p.indexOf('.');
        // the sort's own path (SortConfs[0]) is already in the component; keep what is below it
        return dot < 0 ? key : p.substring(dot + 1) + "." + key;
    }

    int integer(ComponentConfig c, String key, int def, int min) {
        Object v = c.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= min
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        problem(key(c, key), "want an integer >= " + min + ", got " + describe(v));
        return def;
    }

    double decimal(ComponentConfig c, String key, double def) {
        Object v = c.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problem(key(c, key), "want a number, got " + describe(v));
        return def;
    }

    boolean bool(ComponentConfig c, String key, boolean def) {
        Object v = c.raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(key(c, key), "want true or false, got " + describe(v));
        return def;
    }

    String string(ComponentConfig c, String key, String def) {
        try {
            return c.string(key, def);
        } catch (ConfigException e) {
            problem(key(c, key), "want a string, got " + describe(c.raw(key)));
            return def;
        }
    }

    List<String> strings(ComponentConfig c, String key) {
        try {
            return c.stringList(key);
        } catch (ConfigException e) {
            problem(key(c, key), "want a list of strings, got " + describe(c.raw(key)));
            return List.of();
        }
    }

    List<Integer> integers(ComponentConfig c, String key, int min) {
        Object v = c.raw(key);
        if (v == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= min
                        && n.doubleValue() <= Integer.MAX_VALUE) {
                    out.add(n.intValue());
                } else {
                    problem(key(c, key), "want a list of integers >= " + min + ", got " + describe(o) + " in it");
                    return List.of();
                }
            }
            return List.copyOf(out);
        }
        problem(key(c, key), "want a list of integers >= " + min + ", got " + describe(v));
        return List.of();
    }

    List<ComponentConfig> objects(ComponentConfig c, String key) {
        try {
            return c.children(key);
        } catch (ConfigException e) {
            problem(key(c, key), "want a list of objects, got " + describe(c.raw(key)));
            return List.of();
        }
    }

    ComponentConfig object(ComponentConfig c, String key) {
        try {
            return c.child(key);
        } catch (ConfigException e) {
            problem(key(c, key), "want an object, got " + describe(c.raw(key)));
            return ComponentConfig.empty(c.path() + "." + key);
        }
    }

    /** The condition list {@code key} of {@code c}, read as every filter reads it; problems name the key path. */
    Conditions conditions(ComponentConfig c, String key) {
        return Conditions.read(objects(c, key), key(c, key),
                e -> problems.add(new ConfigException(component, e.component() + "." + e.key(), e.reason())));
    }

    static String describe(Object v) {
        if (v instanceof String s) {
            return "string \"" + s + "\"";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Values.text(v);
        }
        return v instanceof List ? "a list" : v == null ? "null" : "an object";
    }
}
