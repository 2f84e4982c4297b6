package io.recengine.spi;

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
 * <p>Compact because a request holds thousands of them: entries live in parallel arrays (key, its cached
 * hash, value), allocated on the first write, scanned by hash while small and indexed by an
 * open-addressing table past {@value #INDEX_FROM} entries (users may carry hundreds of features). No
 * per-entry node and no concurrent map: the few stages that write one item from several threads
 * (parallel feature loads) are served by a monitor, which costs one uncontended lock on the common
 * single-threaded path. Package-private: the public face is on those classes.
 */
final class PropertyMap {

    /** Entry count from which lookups go through the hash index instead of a scan. */
    static final int INDEX_FROM = 12;
    private static final String[] NO_KEYS = new String[0];
    private static final Object[] NO_VALUES = new Object[0];
    private static final int[] NO_HASHES = new int[0];

    private String[] keys = NO_KEYS;
    private int[] hashes = NO_HASHES;
    private Object[] values = NO_VALUES;
    private int size;
    /** Slot -> entry position + 1 (0: empty); null while {@code size < INDEX_FROM}. */
    private int[] index;
    private final int initialCapacity;
    /**
     * A shared row read after the own entries (null: none): joined by reference, so a detail row's fields
     * cost one pointer per item; own entries written after the join shadow its values.
     */
    private FeatureRow row;

    PropertyMap() {
        this(8);
    }

    /** @param initialCapacity entries allocated on the first write */
    PropertyMap(int initialCapacity) {
        this.initialCapacity = Math.max(1, initialCapacity);
    }

    synchronized Object get(String name) {
        int i = find(name);
        if (i >= 0) {
            return values[i];
        }
        FeatureRow r = row;
        return r == null ? null : r.get(name);
    }

    /** An own entry (written on this map, not read from the joined row), or null. */
    synchronized Object own(String name) {
        int i = find(name);
        return i < 0 ? null : values[i];
    }

    synchronized FeatureRow row() {
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
        for (int i = size - 1; i >= 0; i--) {
            if (r.get(keys[i]) != null) {
                removeAt(i);
            }
        }
        row = r;
    }

    /** Copies the joined row's values that no own entry shadows into own entries, and drops the row. */
    private void materialize() {
        FeatureRow r = row;
        row = null;
        RowSchema s = r.schema();
        for (int i = 0; i < s.size(); i++) {
            Object v = r.value(s.columnAt(i));
            if (v != null && find(s.name(i)) < 0) {
                put(s.name(i), v);
            }
        }
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
        for (int i = 0; i < size; i++) {
            out[2 * i] = keys[i];
            out[2 * i + 1] = values[i];
        }
        for (int i = 0; i < fromRow.size(); i++) {
            out[size * 2 + i] = fromRow.get(i);
        }
        return out;
    }

    private int find(String name) {
        if (name == null) {
            return -1;
        }
        int h = name.hashCode();
        if (index == null) {
            String[] ks = keys;
            int[] hs = hashes;
            for (int i = 0; i < size; i++) {
                if (hs[i] == h) {
                    String k = ks[i];
                    if (k == name || k.equals(name)) {
                        return i;
                    }
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
            int e = index[s];
            if (e == 0) {
                return -1;
            }
            int i = e - 1;
            if (hashes[i] == h && (keys[i] == name || keys[i].equals(name))) {
                return i;
            }
        }
    }

    private void put(String name, Object value) {
        int i = find(name);
        if (i >= 0) {
            values[i] = value;
            return;
        }
        if (size == keys.length) {
            int cap = keys.length == 0 ? initialCapacity : keys.length * 2;
            keys = Arrays.copyOf(keys, cap);
            hashes = Arrays.copyOf(hashes, cap);
            values = Arrays.copyOf(values, cap);
        }
        int h = name.hashCode();
        keys[size] = name;
        hashes[size] = h;
        values[size] = value;
        size++;
        if (index != null && index.length >= size * 2) {
            insertIndex(size - 1);
        } else if (size >= INDEX_FROM) {
            rebuildIndex();
        }
    }

    private void removeAt(int i) {
        if (i < 0) {
            return;
        }
        int tail = size - i - 1;
        System.arraycopy(keys, i + 1, keys, i, tail);
        System.arraycopy(hashes, i + 1, hashes, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        size--;
        keys[size] = null;
        values[size] = null;
        if (index != null) {
            if (size < INDEX_FROM) {
                index = null;
            } else {
                rebuildIndex();
            }
        }
    }

    private void rebuildIndex() {
        int cap = Integer.highestOneBit(Math.max(INDEX_FROM, keys.length) * 2 - 1) << 1;
        index = new int[cap];
        for (int i = 0; i < size; i++) {
            insertIndex(i);
        }
    }

    private void insertIndex(int i) {
        int mask = index.length - 1;
        int s = mix(hashes[i]) & mask;
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        index[s] = i + 1;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
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
