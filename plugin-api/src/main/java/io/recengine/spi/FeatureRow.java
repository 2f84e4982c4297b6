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
 * <p>A row seen through a selection ({@link #select}) shares the values of the row it was selected from;
 * only the visible names differ. Each selection is made once per row and keeps its own derived data.
 */
public final class FeatureRow {

    /** Selections kept per row: a table is read through a few (one per feature load config). */
    private static final int MAX_SELECTIONS = 8;
    /** Derived entries kept per row and selection: the rankers of one row. */
    private static final int MAX_DERIVED = 4;
    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final RowSchema schema;
    private final Object[] values;
    /** The row this one was selected from; itself for a base row. */
    private final FeatureRow base;
    /**
     * The base row's selections, made once and kept (base rows only; null until the first): an item load
     * joins the same selected row on every request, and what a consumer derives from it stays with it.
     */
    private volatile FeatureRow[] selections;
    /** The first of {@link #selections}, read without the array (a row is mostly read through one selection). */
    private volatile FeatureRow firstSelection;
    /** Derived data of this row as seen through its schema, copied on write (rare: once per owner). */
    private volatile Entry[] entries = NO_ENTRIES;
    /**
     * The entry found or added last: a racy hint, plain on purpose (a volatile store per lookup would
     * cost more than it saves). Safe to read racily: an entry's fields are final, and any entry ever
     * computed for this row stays valid since the row never changes.
     */
    private Object last;

    private record Entry(Object owner, Object value) {
    }

    /**
     * A derived value that names its owner ({@link #derived}): kept as it is instead of in an entry that
     * pairs it with its owner, one object (and one cache miss per read) less. Optional.
     */
    public interface Owned {
        /** The {@code owner} the value was derived for. */
        Object owner();
    }

    private FeatureRow(RowSchema schema, Object[] values, FeatureRow base) {
        this.schema = schema;
        this.values = values;
        this.base = base == null ? this : base;
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
        return new FeatureRow(schema, values, null);
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
     * the selection is its own schema. The same selection of a row answers the same instance (a few
     * selections per row are kept), so what consumers derive from it ({@link #derived}) is computed once.
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
        if (selection == base.schema) {
            return base;
        }
        FeatureRow first = base.firstSelection;
        if (first != null && first.schema == selection) {
            return first;
        }
        FeatureRow[] kept = base.selections;
        if (kept != null) {
            for (FeatureRow r : kept) {
                if (r.schema == selection) {
                    return r;
                }
            }
        }
        return base.addSelection(selection);
    }

    private synchronized FeatureRow addSelection(RowSchema selection) {
        FeatureRow[] kept = selections;
        if (kept != null) {
            for (FeatureRow r : kept) {
                if (r.schema == selection) {
                    return r;
                }
            }
        }
        FeatureRow r = new FeatureRow(selection, values, this);
        if (kept == null) {
            selections = new FeatureRow[] {r};
            firstSelection = r;
        } else if (kept.length < MAX_SELECTIONS) {
            FeatureRow[] next = java.util.Arrays.copyOf(kept, kept.length + 1);
            next[kept.length] = r;
            selections = next;
        } // else: more selections of one row than that is not a steady state; this one is not kept
        return r;
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
        Object l = last;
        if (l instanceof Owned o) {
            if (o.owner() == owner) {
                return (T) o;
            }
        } else if (l instanceof Entry e && e.owner == owner) {
            return (T) e.value;
        }
        for (Entry e : entries) {
            if (e.owner.equals(owner)) {
                last = hint(e);
                return (T) e.value;
            }
        }
        return null;
    }

    private synchronized void keep(Object owner, Object value) {
        Entry e = new Entry(owner, Objects.requireNonNull(value, "derived value"));
        Entry[] old = entries;
        Entry[] next;
        if (old.length < MAX_DERIVED) {
            next = java.util.Arrays.copyOf(old, old.length + 1);
            next[old.length] = e;
        } else { // drop the oldest: more consumers of one row than MAX_DERIVED is not a steady state
            next = java.util.Arrays.copyOfRange(old, 1, old.length + 1);
            next[old.length - 1] = e;
        }
        entries = next;
        last = hint(e);
    }

    /** What {@link #last} holds for an entry: the value itself when it names the entry's owner, else the entry. */
    private static Object hint(Entry e) {
        return e.value instanceof Owned o && o.owner() == e.owner ? e.value : e;
    }

    /** A live, unmodifiable map of the visible names with a value, in schema order. */
    public Map<String, Object> asMap() {
        return new AsMap();
    }

    @Override
    public String toString() {
        return asMap().toString();
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
