package io.recengine.core.experiment;

import java.util.BitSet;

/**
 * A set of traffic buckets out of {@code count}, written as the A/B service writes them:
 * {@code "0-50,60,70-80"}, a range {@code a-b} covering {@code a} to {@code b - 1}. Immutable.
 */
final class Buckets {

    private final int count;
    private final BitSet set;

    private Buckets(int count, BitSet set) {
        this.count = count;
        this.set = set;
    }

    /**
     * @param where names the key in errors, e.g. {@code scene home room 3, key exp_room_buckets}
     * @throws IllegalArgumentException when a part is neither a number nor a range (the A/B client skips
     *                                  such parts silently; a local file is better refused)
     */
    static Buckets parse(int count, String text, String where) {
        if (count <= 0) {
            throw new IllegalArgumentException(where + ": bucket count must be positive, got " + count);
        }
        BitSet set = new BitSet(count + 1);
        if (text != null && !text.isBlank()) {
            for (String raw : text.split(",")) {
                String part = raw.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int dash = part.indexOf('-');
                try {
                    if (dash < 0) {
                        set.set(Integer.parseInt(part));
                    } else {
                        int start = Integer.parseInt(part.substring(0, dash).trim());
                        int end = Integer.parseInt(part.substring(dash + 1).trim());
                        // the A/B client adds start..end-1 and stops past the count
                        for (int i = Math.max(0, start); i < end && i <= count; i++) {
                            set.set(i);
                        }
                    }
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    throw new IllegalArgumentException(where + ": bucket '" + part
                            + "' is neither a number nor a range like 0-50");
                }
            }
        }
        return new Buckets(count, set);
    }

    /** Whether {@code value mod count} (value unsigned) is one of the buckets. */
    boolean contains(long unsignedValue) {
        return set.get(AbHash.bucket(unsignedValue, count));
    }

    /** The share of traffic in the buckets, 0..1 (for docs and checks). */
    double share() {
        return Math.min(count, set.get(0, count).cardinality()) / (double) count;
    }
}
