package io.recengine.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The column names of {@link FeatureRow}s: built once per table (the names interned once there, not per
 * row), shared by all its rows. A schema may also be a selection of another one ({@link #select}): the
 * same value positions, fewer names visible, so a feature load that asks for four fields of a wide row
 * joins the row itself with the selection instead of copying the four values. Immutable, thread-safe.
 */
public final class RowSchema {

    private final RowSchema base;
    /** Visible names, in order. */
    private final String[] names;
    /** Value position of each visible name. */
    private final int[] columns;
    private final int width;
    /** Open addressing: slot -> visible position + 1 (0: empty). */
    private final int[] index;
    /** {@link PropertyMap}'s key bit of every visible name: tells a join without lookups that no name clashes. */
    private final long nameBits;

    private RowSchema(RowSchema base, String[] names, int[] columns, int width) {
        this.base = base == null ? this : base;
        this.names = names;
        this.columns = columns;
        this.width = width;
        this.index = new int[Integer.highestOneBit(Math.max(4, names.length) * 2 - 1) << 1];
        int mask = index.length - 1;
        long bits = 0;
        for (int i = 0; i < names.length; i++) {
            bits |= PropertyMap.bit(names[i]);
            int s = mix(names[i].hashCode()) & mask;
            while (index[s] != 0) {
                s = (s + 1) & mask;
            }
            index[s] = i + 1;
        }
        this.nameBits = bits;
    }

    /** The key bits of the visible names ({@link PropertyMap}). */
    long nameBits() {
        return nameBits;
    }

    /**
     * A schema over {@code names} in order (value position = list position).
     *
     * @throws IllegalArgumentException for a null, empty or repeated name
     */
    public static RowSchema of(List<String> names) {
        String[] ns = new String[names.size()];
        int[] cols = new int[ns.length];
        for (int i = 0; i < ns.length; i++) {
            String n = names.get(i);
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("empty column name at position " + i + " of " + names);
            }
            if (names.subList(0, i).contains(n)) {
                throw new IllegalArgumentException("column '" + n + "' appears twice in " + names);
            }
            ns[i] = n.intern();
            cols[i] = i;
        }
        return new RowSchema(null, ns, cols, ns.length);
    }

    /**
     * The selection of {@code names} out of this schema's visible names, in the order given; names this
     * schema lacks are left out (a feature load asking for a field the table lacks gets nothing, as
     * before). The result shares this schema's value positions and {@link #base()}.
     */
    public RowSchema select(Collection<String> wanted) {
        List<String> ns = new ArrayList<>(wanted.size());
        List<Integer> cs = new ArrayList<>(wanted.size());
        for (String n : wanted) {
            int c = column(n);
            if (c >= 0 && !ns.contains(n)) {
                ns.add(names[position(n)]);
                cs.add(c);
            }
        }
        int[] cols = new int[cs.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = cs.get(i);
        }
        return new RowSchema(base, ns.toArray(new String[0]), cols, width);
    }

    /** The schema whose rows this one reads: itself unless it is a {@link #select selection}. */
    public RowSchema base() {
        return base;
    }

    /** The number of visible names. */
    public int size() {
        return names.length;
    }

    /** The length of a row's value array (the base schema's size). */
    public int width() {
        return width;
    }

    /** The visible name at {@code i}, in order. */
    public String name(int i) {
        return names[i];
    }

    /** The value position of the visible name at {@code i}. */
    public int columnAt(int i) {
        return columns[i];
    }

    /** The visible names in order. */
    public List<String> names() {
        return List.of(names);
    }

    /** The value position of a visible name, or -1. */
    public int column(String name) {
        int p = position(name);
        return p < 0 ? -1 : columns[p];
    }

    private int position(String name) {
        if (name == null) {
            return -1;
        }
        int mask = index.length - 1;
        for (int s = mix(name.hashCode()) & mask; ; s = (s + 1) & mask) {
            int e = index[s];
            if (e == 0) {
                return -1;
            }
            String n = names[e - 1];
            if (n == name || n.equals(name)) {
                return e - 1;
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
