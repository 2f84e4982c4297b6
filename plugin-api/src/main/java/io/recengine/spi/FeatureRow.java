package io.recengine.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An immutable row of features shared by every request that reads it: a detail-table row, joined to
 * items by reference ({@link Item#joinRow}) instead of copied field by field. Values sit in an array
 * aligned to a {@link RowSchema}; null means "no value". Writes never change a row: an update builds a
 * new one, so anything derived from a row ({@link #derived}) stays valid as long as the row is used.
 *
 * <p>A row seen through a selection ({@link #select}) shares the values and the derived data of the row
 * it was selected from; only the visible names differ.
 */
public final class FeatureRow {

    private final RowSchema schema;
    private final Object[] values;
    /** Derived data of the row this one was selected from (shared by its selections). */
    private final Derived derived;

    private FeatureRow(RowSchema schema, Object[] values, Derived derived) {
        this.schema = schema;
        this.values = values;
        this.derived = derived;
    }

    /**
     * A row over {@code values}, which the row now owns (not copied: the caller must not change them).
     *
     * @throws IllegalArgumentException when the array's length is not the schema's width
     */
    public static FeatureRow owning(RowSchema schema, Object[] values) {
        Objects.requireNonNull(schema, "schema");
        if (values.length != schema.width()) {
            throw new IllegalArgumentException(values.length + " values for a schema of width " + schema.width());
        }
        return new FeatureRow(schema, values, new Derived());
    }

    /** A row of {@code schema} with the map's values (names the schema lacks are dropped). */
    public static FeatureRow of(RowSchema schema, Map<String, ?> values) {
        Object[] vs = new Object[schema.width()];
        for (int i = 0; i < schema.size(); i++) {
            vs[schema.columnAt(i)] = values.get(schema.name(i));
        }
        return owning(schema, vs);
    }

    /** A row holding the map's entries, with a schema of its own (for callers without a table schema). */
    public static FeatureRow of(Map<String, ?> values) {
        return of(RowSchema.of(List.copyOf(values.keySet())), values);
    }

    /** The names this row shows. */
    public RowSchema schema() {
        return schema;
    }

    /** The value of a visible name, or null. */
    public Object get(String name) {
        int c = schema.column(name);
        return c < 0 ? null : values[c];
    }

    /** The value at a value position of the schema ({@link RowSchema#column}), or null. */
    public Object value(int column) {
        return values[column];
    }

    /**
     * This row seen through {@code selection}, a selection of this row's base schema; the same row when
     * the selection is its own schema.
     *
     * @throws IllegalArgumentException when {@code selection} reads rows of another schema
     */
    public FeatureRow select(RowSchema selection) {
        if (selection == schema) {
            return this;
        }
        if (selection.base() != schema.base()) {
            throw new IllegalArgumentException("selection " + selection + " is not of this row's schema " + schema.base());
        }
        return new FeatureRow(selection, values, derived);
    }

    /**
     * Data a consumer derives from this row (a model's precomputed half of an item), computed on first use
     * and kept with the row, per {@code owner} and per selection: the same row read by the same consumer
     * is computed once for all requests. A new row (an update) starts empty. A few owners are kept (the
     * rankers of one row); a race only computes twice.
     *
     * @param owner   equality key of the consumer (its identity is fine: a new generation is a new key)
     * @param compute called with this row when nothing is kept for the owner and this selection
     */
    public <T> T derived(Object owner, Function<? super FeatureRow, ? extends T> compute) {
        T v = kept(owner);
        if (v == null) {
            v = compute.apply(this);
            keep(owner, v);
        }
        return v;
    }

    /**
     * {@link #derived(Object, Function)} where the computation also needs a value of the caller (an item's
     * id, say): {@code compute} is called with this row and {@code arg}. What is kept was computed from
     * the {@code arg} of the first call: use it for values every caller of this row passes alike, or check
     * the kept result against the caller's {@code arg}.
     */
    public <A, T> T derived(Object owner, A arg, BiFunction<? super FeatureRow, ? super A, ? extends T> compute) {
        T v = kept(owner);
        if (v == null) {
            v = compute.apply(this, arg);
            keep(owner, v);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private <T> T kept(Object owner) {
        // the usual case first: one consumer per row, one load less than the array walk (a miss per item)
        Derived.Entry last = derived.last;
        if (last != null && last.schema == schema && last.owner == owner) {
            return (T) last.value;
        }
        for (Derived.Entry e : derived.entries) {
            if (e.schema == schema && e.owner.equals(owner)) {
                derived.last = e;
                return (T) e.value;
            }
        }
        return null;
    }

    private void keep(Object owner, Object value) {
        derived.add(new Derived.Entry(owner, schema, Objects.requireNonNull(value, "derived value")));
    }

    /** A live, unmodifiable map of the visible names with a value, in schema order. */
    public Map<String, Object> asMap() {
        return new AsMap();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** The entries derived from one row, copied on write (rare: once per owner and row). */
    private static final class Derived {
        static final int MAX = 4;
        private static final Entry[] NONE = new Entry[0];
        volatile Entry[] entries = NONE;
        /**
         * The entry found or added last: a racy hint, plain on purpose (a volatile store per lookup would
         * cost more than it saves). Safe to read racily: an entry's fields are final, and any entry ever
         * computed for this row stays valid since the row never changes.
         */
        Entry last;

        record Entry(Object owner, RowSchema schema, Object value) {
        }

        synchronized void add(Entry e) {
            Entry[] old = entries;
            Entry[] next;
            if (old.length < MAX) {
                next = java.util.Arrays.copyOf(old, old.length + 1);
                next[old.length] = e;
            } else { // drop the oldest: more consumers of one row than MAX is not a steady state
                next = java.util.Arrays.copyOfRange(old, 1, old.length + 1);
                next[old.length - 1] = e;
            }
            entries = next;
            last = e;
        }
    }

    private final class AsMap extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            return key instanceof String s ? FeatureRow.this.get(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next = advance(0);

                        private int advance(int i) {
                            while (i < schema.size() && values[schema.columnAt(i)] == null) {
                                i++;
                            }
                            return i;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < schema.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= schema.size()) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>(schema.name(next), values[schema.columnAt(next)]);
                            next = advance(next + 1);
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    int n = 0;
                    for (int i = 0; i < schema.size(); i++) {
                        if (values[schema.columnAt(i)] != null) {
                            n++;
                        }
                    }
                    return n;
                }
            };
        }
    }
}
