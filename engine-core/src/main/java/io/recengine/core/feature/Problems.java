package io.recengine.core.feature;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.ArrayList;
import java.util.List;

/** Collects config problems so that validation reports all of them at once. Not thread-safe. */
final class Problems {

    private final List<ConfigException> list = new ArrayList<>();

    void add(ComponentConfig where, String key, String reason) {
        list.add(new ConfigException(where.component(), key, reason));
    }

    void add(ConfigException e) {
        list.add(e);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<ConfigException> list() {
        return List.copyOf(list);
    }

    /** Throws the first problem, if any (build paths: the engine runs the check first). */
    void throwFirst() {
        if (!list.isEmpty()) {
            throw list.get(0);
        }
    }

    /** A string value; a value of the wrong type is recorded and read as {@code ""}. */
    String string(ComponentConfig c, String key) {
        try {
            return c.string(key);
        } catch (ConfigException e) {
            list.add(e);
            return "";
        }
    }

    /** A boolean value; a value of the wrong type is recorded and read as false. */
    boolean bool(ComponentConfig c, String key) {
        try {
            return c.bool(key, false);
        } catch (ConfigException e) {
            list.add(e);
            return false;
        }
    }

    /** A nested object; a value of the wrong type is recorded and read as empty. */
    ComponentConfig child(ComponentConfig c, String key) {
        try {
            return c.child(key);
        } catch (ConfigException e) {
            list.add(e);
            return ComponentConfig.empty(c.path().isEmpty() ? key : c.path() + "." + key);
        }
    }

    /** A list of objects; a value of the wrong type is recorded and read as empty. */
    List<ComponentConfig> children(ComponentConfig c, String key) {
        try {
            return c.children(key);
        } catch (ConfigException e) {
            list.add(e);
            return List.of();
        }
    }
}
