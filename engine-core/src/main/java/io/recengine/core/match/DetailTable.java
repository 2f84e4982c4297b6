package io.recengine.core.match;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A detail table: primary key -> fields (text). The schema is the list of fields every row has (the
 * CSV header, the configured {@code Fields}, or the first JSON line's keys). Rows are immutable maps
 * replaced as a whole; thread-safe.
 */
public final class DetailTable {

    private final String name;
    private final String primaryKey;
    private final List<String> fields;
    private final ConcurrentHashMap<String, Map<String, String>> rows = new ConcurrentHashMap<>();

    DetailTable(String name, String primaryKey, List<String> fields) {
        this.name = name;
        this.primaryKey = primaryKey;
        this.fields = List.copyOf(fields);
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

    /** The row, or null. */
    public Map<String, String> get(String key) {
        return rows.get(key);
    }

    public boolean contains(String key) {
        return rows.containsKey(key);
    }

    public int size() {
        return rows.size();
    }

    /** Inserts or replaces a row (keeps the schema's field order). */
    void put(Map<String, String> row) {
        LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
        for (String f : fields) {
            String v = row.get(f);
            if (v != null) {
                ordered.put(f, v);
            }
        }
        rows.put(row.get(primaryKey), Collections.unmodifiableMap(ordered));
    }

    /** Calls {@code out} with every row, for snapshots and digests. */
    void forEach(java.util.function.BiConsumer<String, Map<String, String>> out) {
        rows.forEach(out);
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
            Map<String, String> r = rows.get(k);
            if (r != null) {
                out.put(k, r);
            }
        }
        return out;
    }
}
