package io.recengine.core.match;

import io.recengine.spi.FeatureRow;
import io.recengine.spi.RowSchema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A detail table: primary key -> fields (text). The schema is the list of fields every row has (the
 * CSV header, the configured {@code Fields}, or the first JSON line's keys), one {@link RowSchema} for
 * all rows. Rows are immutable {@link FeatureRow}s (an array of values each, no map per row) replaced as
 * a whole, so feature loads join them to items by reference; thread-safe.
 */
public final class DetailTable {

    private final String name;
    private final String primaryKey;
    private final List<String> fields;
    private final RowSchema schema;
    private final ConcurrentHashMap<String, FeatureRow> rows = new ConcurrentHashMap<>();

    DetailTable(String name, String primaryKey, List<String> fields) {
        this.name = name;
        this.primaryKey = primaryKey;
        this.fields = List.copyOf(fields);
        this.schema = RowSchema.of(this.fields);
    }

    public String name() {
        return name;
    }

    public String primaryKey() {
        return primaryKey;
    }

    /** Every field, the primary key included, in schema order. */
    public List<String> fields() {
        return fields;
    }

    /** The row as a map (field -> text, schema order, fields without a value absent), or null. */
    public Map<String, String> get(String key) {
        return text(rows.get(key));
    }

    /** The shared row, or null. */
    public FeatureRow row(String key) {
        return rows.get(key);
    }

    /** The schema of every row. */
    public RowSchema schema() {
        return schema;
    }

    /** Every value of a row is text: the map view is one of strings. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> text(FeatureRow row) {
        return row == null ? null : (Map) row.asMap();
    }

    public boolean contains(String key) {
        return rows.containsKey(key);
    }

    public int size() {
        return rows.size();
    }

    /** Inserts or replaces a row (keeps the schema's field order). */
    void put(Map<String, String> row) {
        rows.put(row.get(primaryKey), FeatureRow.of(schema, row));
    }

    /** Calls {@code out} with every row, for snapshots and digests. */
    void forEach(java.util.function.BiConsumer<String, Map<String, String>> out) {
        rows.forEach((k, r) -> out.accept(k, text(r)));
    }

    boolean delete(String key) {
        return rows.remove(key) != null;
    }

    /** The fields of an add message not in the schema, and the schema fields it lacks. */
    String checkComplete(Map<String, String> row) {
        for (String f : fields) {
            if (!row.containsKey(f)) {
                return "missing field '" + f + "' (an add must carry every field of table '" + name + "': " + fields + ")";
            }
        }
        for (String f : row.keySet()) {
            if (!fields.contains(f)) {
                return "unknown field '" + f + "' for table '" + name + "'";
            }
        }
        return null;
    }

    Map<String, Map<String, String>> lookup(Collection<String> keys) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String k : keys) {
            FeatureRow r = rows.get(k);
            if (r != null) {
                out.put(k, text(r));
            }
        }
        return out;
    }
}
