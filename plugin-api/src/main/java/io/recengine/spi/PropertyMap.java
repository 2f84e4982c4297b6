package io.recengine.spi;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thread-safe property map of {@link User} and {@link Item}: null values are not stored (setting
 * null removes), text reads follow {@link Values#text}. Package-private: the public face is on those classes.
 */
final class PropertyMap {

    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    Object get(String name) {
        return values.get(name);
    }

    String text(String name) {
        return Values.text(values.get(name));
    }

    void set(String name, Object value) {
        if (value == null) {
            values.remove(name);
        } else {
            values.put(name, value);
        }
    }

    void setAll(Map<String, ?> all) {
        all.forEach(this::set);
    }

    void remove(String name) {
        values.remove(name);
    }

    Map<String, Object> view() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
