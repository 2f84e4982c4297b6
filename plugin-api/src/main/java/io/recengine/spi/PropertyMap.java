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
 * <p>Compact because a request holds thousands of them: entries live in one array (key, value), allocated
 * on the first write, scanned while small and indexed by an open-addressing table past {@value #INDEX_FROM} entries (users may carry hundreds of features). No
 * per-entry node and no concurrent map: the few stages that write one item from several threads
 * (parallel feature loads) are served by a monitor, which costs one uncontended lock on the common
 * single-threaded path. Package-private: the public face is on those classes.
 */
final class PropertyMap {

    /** Entry count from which lookups go through the hash index instead of a scan. */
    static final int INDEX_FROM = 12;
    private static final Object[] NONE = new Object[0];

    /**
     * Entry i's key at {@code 2i} (a String), its value at {@code 2i + 1}: one array per map instead of
     * three, and a key beside its value. Keys are compared by reference first (stage code writes and reads
     * the same constants), then by their cached hash and text.
     */
    private Object[] slots = NONE;
    private int size;
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

    synchronized Object get(String name) {
        int i = find(name);
        if (i >= 0) {
            return slots[2 * i + 1];
        }
        FeatureRow r = row;
        return r == null ? null : r.get(name);
    }

    /** An own entry (written on this map, not read from the joined row), or null. */
    synchronized Object own(String name) {
        int i = find(name);
        return i < 0 ? null : slots[2 * i + 1];
    }

    /** Without the lock: a ranker asks this of every item, and the row is one immutable reference. */
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
        for (int i = size - 1; i >= 0; i--) {
            if (r.get(key(i)) != null) {
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
        System.arraycopy(slots, 0, out, 0, size * 2);
        for (int i = 0; i < fromRow.size(); i++) {
            out[size * 2 + i] = fromRow.get(i);
        }
        return out;
    }

    private String key(int i) {
        return (String) slots[2 * i];
    }

    private int find(String name) {
        if (name == null) {
            return -1;
        }
        Object[] sl = slots;
        int n = size;
        if (index == null) {
            for (int i = 0; i < n; i++) { // by reference first: no hash needed when the caller's key is ours
                if (sl[2 * i] == name) {
                    return i;
                }
            }
            int h = name.hashCode();
            for (int i = 0; i < n; i++) {
                String k = (String) sl[2 * i];
                if (k.hashCode() == h && k.equals(name)) {
                    return i;
                }
            }
            return -1;
        }
        int h = name.hashCode();
        int mask = index.length - 1;
        for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
            int e = index[s];
            if (e == 0) {
                return -1;
            }
            int i = e - 1;
            String k = (String) sl[2 * i];
            if (k == name || (k.hashCode() == h && k.equals(name))) {
                return i;
            }
        }
    }

    private void put(String name, Object value) {
        int i = find(name);
        if (i >= 0) {
            slots[2 * i + 1] = value;
            return;
        }
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, slots.length == 0 ? 2 * initialCapacity : 2 * slots.length);
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
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
        System.arraycopy(slots, 2 * (i + 1), slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
        if (index != null) {
            if (size < INDEX_FROM) {
                index = null;
            } else {
                rebuildIndex();
            }
        }
    }

    private void rebuildIndex() {
        int cap = Integer.highestOneBit(Math.max(INDEX_FROM, slots.length / 2) * 2 - 1) << 1;
        index = new int[cap];
        for (int i = 0; i < size; i++) {
            insertIndex(i);
        }
    }

    private void insertIndex(int i) {
        int mask = index.length - 1;
        int s = mix(key(i).hashCode()) & mask;
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
