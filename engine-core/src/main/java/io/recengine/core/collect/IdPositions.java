package io.recengine.core.collect;

/**
 * Item id to position (in a list the caller keeps), for one request's thousand candidates: an
 * open-addressing table of two arrays instead of a hash map's node per id. Ids are compared by reference
 * first (the embedded match tables hand out one instance per id, so duplicates from several recalls
 * usually are the same object), then by their cached hash and text. Not thread-safe; not for null ids.
 */
public final class IdPositions {

    private String[] keys;
    private int[] positions;
    private int size;

    /** @param expected ids expected: the table is sized for it once (it grows past it) */
    public IdPositions(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1; // at most half full
        keys = new String[cap];
        positions = new int[cap];
    }

    /** The position recorded for {@code id}, or -1. */
    public int get(String id) {
        String[] ks = keys;
        int mask = ks.length - 1;
        int h = id.hashCode();
        for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
            String k = ks[s];
            if (k == null) {
                return -1;
            }
            if (k == id || (k.hashCode() == h && k.equals(id))) {
                return positions[s];
            }
        }
    }

    /**
     * Records {@code position} for {@code id} unless the id has one: answers the recorded position, or -1
     * when this call recorded it.
     */
    public int putIfAbsent(String id, int position) {
        String[] ks = keys;
        int mask = ks.length - 1;
        int h = id.hashCode();
        int s = mix(h) & mask;
        for (; ; s = (s + 1) & mask) {
            String k = ks[s];
            if (k == null) {
                break;
            }
            if (k == id || (k.hashCode() == h && k.equals(id))) {
                return positions[s];
            }
        }
        ks[s] = id;
        positions[s] = position;
        if (++size * 2 > ks.length) {
            grow();
        }
        return -1;
    }

    /** The number of ids recorded. */
    public int size() {
        return size;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldPositions = positions;
        keys = new String[oldKeys.length * 2];
        positions = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            String k = oldKeys[i];
            if (k != null) {
                int s = mix(k.hashCode()) & mask;
                while (keys[s] != null) {
                    s = (s + 1) & mask;
                }
                keys[s] = k;
                positions[s] = oldPositions[i];
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }
}
