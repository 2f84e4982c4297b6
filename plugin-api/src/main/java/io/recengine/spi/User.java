package io.recengine.spi;

import java.util.Map;
import java.util.Objects;

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
    private final PropertyMap properties = new PropertyMap();

    public User(String id) {
        this.id = Objects.requireNonNull(id, "id");
        properties.set("uid", id);
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
        return properties.text(name);
    }

    /** Sets or, with a null value, removes a property. */
    public void setProperty(String name, Object value) {
        properties.set(name, value);
    }

    /** Adds every entry with a non-null value. */
    public void setProperties(Map<String, ?> values) {
        properties.setAll(values);
    }

    public void removeProperty(String name) {
        properties.remove(name);
    }

    /** A live, unmodifiable view of the properties; iterate it for a weakly consistent snapshot. */
    public Map<String, Object> properties() {
        return properties.view();
    }

    @Override
    public String toString() {
        return "User{" + id + ", " + properties + "}";
    }
}
