package io.recengine.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The property store of {@link User} and {@link Item} (and the score maps of {@link Item}): null values
 * are not stored (setting null removes), text reads follow {@link Values#text}, iteration is in insertion
 * order, then the joined {@link FeatureRow}'s values (schema order) that no own entry shadows.
 *
 * <p>Compact because a request holds thousands of them: entries live in one array (key, value), allocated
 * on the first write, scanned while small and indexed by an open-addressing table past {@value #INDEX_FROM}
 * entries (users may carry hundreds of features). No per-entry node and no concurrent map.
 *
 * <p>Writers take the monitor (the few stages that write one item from several threads, parallel feature
 * loads, are served by it); readers take no lock, because a request reads each item's properties many
 * times (every ranker, filter and sort) and an uncontended monitor still costs two atomic operations.
 * Reads stay safe because writers only ever publish: an entry is appended past the published
 * {@link #size} and then published by the volatile write of the size; a value replaced in place is
 * written with release semantics and read with acquire; a removal or a growth builds a new array and
 * publishes it (never shifts entries of an array a reader may hold). A reader racing a writer sees the
 * map before or after the write, as with a concurrent map. Package-private: the public face is on those
 * classes.
 */
final class PropertyMap {

    /** Entry count from which lookups go through the hash index instead of a scan. */
    static final int INDEX_FROM = 12;
    private static final Object[] NONE = new Object[0];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle SIZE;
    private static final VarHandle SLOTS;
    private static final VarHandle INDEX;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SIZE = l.findVarHandle(PropertyMap.class, "size", int.class);
            SLOTS = l.findVarHandle(PropertyMap.class, "slots", Object[].class);
            INDEX = l.findVarHandle(PropertyMap.class, "index", int[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Entry i's key at {@code 2i} (a String), its value at {@code 2i + 1}: one array per map instead of
     * three, and a key beside its value. Keys are compared by reference first (stage code writes and reads
     * the same constants), then by their cached hash and text. Written under the monitor only.
     */
    private Object[] slots = NONE;
    /**
     * Published entry count: entries below it are complete in {@link #slots}. Written with release and
     * read with acquire semantics ({@link #SIZE}, as {@link #slots} and {@link #index} through theirs):
     * what a volatile field would guarantee here, without the full fence a volatile store costs per write.
     */
    private int size;
    /**
     * One bit per key present ({@link #bit}): most lookups of an item are of names it does not have (a
     * ranker asking whether the request overrode a row feature, a write checking for an old entry), and
     * this answers them without walking the entries. A hint for readers (a stale one only hides an entry
     * being written concurrently); exact under the monitor.
     */
    private long keyBits;
    /** Slot -> entry position + 1 (0: empty); null while {@code size < INDEX_FROM}. */
    private int[] index;
    private final int initialCapacity;
    /**
     * A shared row read after the own entries (null: none): joined by reference, so a detail row's fields
     * cost one pointer per item; own entries written after the join shadow its values.
     */
    private volatile FeatureRow row;

    PropertyMap() {
        this(8);
    }

    /** @param initialCapacity entries allocated on the first write */
    PropertyMap(int initialCapacity) {
        this.initialCapacity = Math.max(1, initialCapacity);
    }

    Object get(String name) {
        Object v = own(name);
        if (v != null) {
            return v;
        }
        FeatureRow r = row;
        return r == null ? null : r.get(name);
    }

    /** An own entry (written on this map, not read from the joined row), or null. Takes no lock. */
    Object own(String name) {
        int n = (int) SIZE.getAcquire(this); // the entries below n are complete
        Object[] sl = (Object[]) SLOTS.getAcquire(this);
        int i = find(sl, n, (int[]) INDEX.getAcquire(this), name);
        return i < 0 ? null : SLOT.getAcquire(sl, 2 * i + 1);
    }

    /** Takes no lock: a ranker asks this of every item, and the row is one immutable reference. */
    FeatureRow row() {
        return row;
    }

    /**
     * Joins {@code r}: its values replace the own entries of the same names (as setting each would), and
     * a row joined before is first copied into own entries (two feature loads on one item keep both).
     */
    synchronized void join(FeatureRow r) {
        if (row != null) {
            materialize();
        }
        if ((r.schema().nameBits() & keyBits) != 0) { // else no own entry has a name of the row
            for (int i = size - 1; i >= 0; i--) {
                if (r.get(key(i)) != null) {
                    removeAt(i);
                }
            }
        }
        row = r;
    }

    /** Copies the joined row's values that no own entry shadows into own entries, and drops the row. */
    private void materialize() {
        FeatureRow r = row;
        RowSchema s = r.schema();
        for (int i = 0; i < s.size(); i++) {
            Object v = r.value(s.columnAt(i));
            if (v != null && find(s.name(i)) < 0) {
                put(s.name(i), v);
            }
        }
        row = null; // after the copies: a reader never finds the values in neither place
    }

    /** Removes an own entry and, when the joined row has the name too, its value (the row is copied first). */
    private void removeName(String name) {
        removeAt(find(name));
        if (row != null && row.get(name) != null) {
            materialize();
            removeAt(find(name));
        }
    }

    String text(String name) {
        return Values.text(get(name));
    }

    synchronized int size() {
        return size + rowOnly(null);
    }

    /** Counts (and with {@code out}, adds to it) the joined row's values that no own entry shadows. */
    private int rowOnly(java.util.List<Object> out) {
        FeatureRow r = row;
        if (r == null) {
            return 0;
        }
        RowSchema s = r.schema();
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            Object v = r.value(s.columnAt(i));
            if (v != null && find(s.name(i)) < 0) {
                n++;
                if (out != null) {
                    out.add(s.name(i));
                    out.add(v);
                }
            }
        }
        return n;
    }

    synchronized void set(String name, Object value) {
        if (value == null) {
            removeName(name);
        } else {
            put(name, value);
        }
    }

    synchronized void setAll(Map<String, ?> all) {
        for (Map.Entry<String, ?> e : all.entrySet()) {
            if (e.getValue() == null) {
                removeName(e.getKey());
            } else {
                put(e.getKey(), e.getValue());
            }
        }
    }

    /** Sets {@code names[i] = values[i]} for each non-null value: one lock for a whole row. */
    synchronized void setAll(String[] names, Object[] vals, int count) {
        for (int i = 0; i < count; i++) {
            if (vals[i] != null) {
                put(names[i], vals[i]);
            }
        }
    }

    synchronized void remove(String name) {
        removeName(name);
    }

    Map<String, Object> view() {
        return new View();
    }

    /** A consistent copy of the entries: own ones in insertion order, then the row's unshadowed ones. */
    synchronized Object[] snapshot() {
        java.util.List<Object> fromRow = row == null ? java.util.List.of() : new java.util.ArrayList<>();
        if (row != null) {
            rowOnly(fromRow);
        }
        Object[] out = new Object[size * 2 + fromRow.size()];
        System.arraycopy(slots, 0, out, 0, size * 2);
        for (int i = 0; i < fromRow.size(); i++) {
            out[size * 2 + i] = fromRow.get(i);
        }
        return out;
    }

    private String key(int i) {
        return (String) slots[2 * i];
    }

    /** Under the monitor: the position of {@code name} among the entries, or -1. */
    private int find(String name) {
        return find(slots, size, index, name);
    }

    /**
     * The position of {@code name} among the first {@code n} entries of {@code sl}, or -1. Safe without the
     * monitor: positions past {@code n} or the array (a racing append, an index newer than the array) and
     * empty keys are passed over.
     */
    private int find(Object[] sl, int n, int[] ix, String name) {
        if (name == null || (keyBits & bit(name)) == 0) {
            return -1;
        }
        n = Math.min(n, sl.length / 2);
        if (ix == null) {
            for (int i = 0; i < n; i++) { // by reference first: no hash needed when the caller's key is ours
                if (sl[2 * i] == name) {
                    return i;
                }
            }
            int h = name.hashCode();
            for (int i = 0; i < n; i++) {
                Object k = sl[2 * i];
                if (k != null && k.hashCode() == h && k.equals(name)) {
                    return i;
                }
            }
            return -1;
        }
        int h = name.hashCode();
        int mask = ix.length - 1;
        for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
            int e = ix[s];
            if (e == 0) {
                return -1;
            }
            int i = e - 1;
            if (i >= n) {
                continue;
            }
            Object k = sl[2 * i];
            if (k == name || (k != null && k.hashCode() == h && k.equals(name))) {
                return i;
            }
        }
    }

    /** Under the monitor. */
    private void put(String name, Object value) {
        int i = find(name);
        if (i >= 0) {
            SLOT.setRelease(slots, 2 * i + 1, value);
            return;
        }
        int n = size;
        Object[] sl = slots;
        if (2 * n == sl.length) {
            sl = Arrays.copyOf(sl, sl.length == 0 ? 2 * initialCapacity : 2 * sl.length);
            SLOTS.setRelease(this, sl);
        }
        sl[2 * n] = name;
        sl[2 * n + 1] = value;
        keyBits |= bit(name);
        if (index != null && index.length >= (n + 1) * 2) {
            insertIndex(index, n); // a reader passes over it until the size below publishes it
        } else if (n + 1 >= INDEX_FROM) {
            INDEX.setRelease(this, buildIndex(sl, n + 1));
        }
        SIZE.setRelease(this, n + 1);
    }

    /** Under the monitor: removes entry {@code i} into a new array (readers may still walk the old one). */
    private void removeAt(int i) {
        if (i < 0) {
            return;
        }
        int n = size;
        Object[] old = slots;
        Object[] sl = new Object[old.length];
        System.arraycopy(old, 0, sl, 0, 2 * i);
        System.arraycopy(old, 2 * (i + 1), sl, 2 * i, 2 * (n - i - 1));
        long bits = 0;
        for (int k = 0; k < n - 1; k++) {
            bits |= bit((String) sl[2 * k]);
        }
        INDEX.setRelease(this, n - 1 < INDEX_FROM ? null : buildIndex(sl, n - 1));
        SLOTS.setRelease(this, sl);
        keyBits = bits;
        SIZE.setRelease(this, n - 1);
    }

    private static int[] buildIndex(Object[] sl, int n) {
        int cap = Integer.highestOneBit(Math.max(INDEX_FROM, sl.length / 2) * 2 - 1) << 1;
        int[] ix = new int[cap];
        for (int i = 0; i < n; i++) {
            insertIndex(ix, i, (String) sl[2 * i]);
        }
        return ix;
    }

    private void insertIndex(int[] ix, int i) {
        insertIndex(ix, i, key(i));
    }

    private static void insertIndex(int[] ix, int i, String key) {
        int mask = ix.length - 1;
        int s = mix(key.hashCode()) & mask;
        while (ix[s] != 0) {
            s = (s + 1) & mask;
        }
        ix[s] = i + 1;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    /** The key's bit in {@link #keyBits}: six well-mixed bits of its (cached) hash. */
    static long bit(String name) {
        int h = name.hashCode();
        return 1L << ((h ^ (h >>> 6) ^ (h >>> 16)) & 63);
    }

    @Override
    public String toString() {
        return view().toString();
    }

    /**
     * The live, unmodifiable view: lookups read the current entries; iteration walks a snapshot taken
     * when it starts (weakly consistent, as a concurrent map's would be).
     */
    private final class View extends AbstractMap<String, Object> {

        @Override
        public Object get(Object key) {
            return key instanceof String s ? PropertyMap.this.get(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return PropertyMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return size() == 0;
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            if (PropertyMap.this.size() == 0) {
                return; // the common case of an item's score maps: no snapshot
            }
            Object[] snap = snapshot();
            for (int i = 0; i < snap.length; i += 2) {
                action.accept((String) snap[i], snap[i + 1]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Object[] snap = snapshot();
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < snap.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= snap.length) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>((String) snap[next], snap[next + 1]);
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return PropertyMap.this.size();
                }
            };
        }
    }
}
