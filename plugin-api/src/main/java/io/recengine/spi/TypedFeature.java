package io.recengine.spi;

import java.util.Objects;

/**
 * One entry of the request's {@code complex_type_features}: a name, the PAI-Rec type string
 * ({@code int}, {@code list<int64>}, {@code map<string,double>}, ...) and the value converted to that
 * type ({@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String}, unmodifiable
 * {@code List}s and {@code Map}s of those). Unknown type strings keep the raw JSON value. Immutable.
 */
public final class TypedFeature {

    private final String name;
    private final String type;
    private final Object value;

    public TypedFeature(String name, String type, Object value) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type == null ? "" : type;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return name + ":" + type + "=" + value;
    }
}
