package io.recengine.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One callback log row: ordered columns ({@code request_id}, {@code module}, {@code scene},
 * {@code request_time}, ...) with {@code String} or {@code Long} values. Immutable.
 */
public final class CallbackRow {

    private final Map<String, Object> columns;

    private CallbackRow(Map<String, Object> columns) {
        this.columns = columns;
    }

    /** Copies the columns, keeping their order. */
    public static CallbackRow of(Map<String, ?> columns) {
        return new CallbackRow(Collections.unmodifiableMap(new LinkedHashMap<>(columns)));
    }

    /** Columns in order, unmodifiable. */
    public Map<String, Object> columns() {
        return columns;
    }

    public Object get(String column) {
        return columns.get(column);
    }

    /** The column as text: a {@code Long} is printed in plain digits, a missing column is {@code ""}. */
    public String text(String column) {
        Object v = columns.get(column);
        return v == null ? "" : String.valueOf(v);
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
