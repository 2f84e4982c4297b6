package io.recengine.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user of one request: the {@code uid} and a property map (request features, loaded user features,
 * derived features), as PAI-Rec's {@code module.User}.
 *
 * <p>One instance per request. Properties are thread-safe: feature DAOs running in parallel may write
 * concurrently. Values are {@code String}, {@code Number}, {@code Boolean}, {@code List} or {@code Map};
 * null values are not stored (setting null removes the property).
 */
public final class User {

    private final String id;
    private final ConcurrentHashMap<String, Object> properties = new ConcurrentHashMap<>();

    public User(String id) {
        this.id = Objects.requireNonNull(id, "id");
        properties.put("uid", id);
    }

    public String id() {
        return id;
    }

    /** The property, or null. */
    public Object property(String name) {
        return properties.get(name);
    }

    /** The property as text ({@code ""} when missing); numbers print without exponent when integral. */
    public String stringProperty(String name) {
        return Values.text(properties.get(name));
    }

    /** Sets or, with a null value, removes a property. */
    public void setProperty(String name, Object value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
    }

    /** Adds every entry with a non-null value. */
    public void setProperties(Map<String, ?> values) {
        values.forEach(this::setProperty);
    }

    public void removeProperty(String name) {
        properties.remove(name);
    }

    /** A live, unmodifiable view of the properties; iterate it for a weakly consistent snapshot. */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    @Override
    public String toString() {
        return "User{" + id + ", " + properties + "}";
    }
}
