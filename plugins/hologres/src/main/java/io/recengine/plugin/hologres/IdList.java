package io.recengine.plugin.hologres;

import io.recengine.spi.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The comma lists PAI-Rec's recall tables hold, parsed as its Hologres DAOs parse them. */
final class IdList {

    private IdList() {
    }

    /** The non-empty comma-separated entries of every value, in order. */
    static List<String> entries(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            for (String id : v.split(",")) {
                if (!id.isEmpty()) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /**
     * PAI-Rec's truncation of precomputed lists: when more than {@code count} entries exist, the first
     * half is shuffled, then the list is cut to {@code count}.
     */
    static <T> List<T> shuffleHalfAndTruncate(List<T> ids, int count) {
        if (count < 0 || ids.size() <= count) {
            return ids;
        }
        List<T> copy = new ArrayList<>(ids);
        shuffle(copy, copy.size() / 2);
        return new ArrayList<>(copy.subList(0, count));
    }

    /** Fisher-Yates over the first {@code n} elements, as Go's {@code rand.Shuffle(n, swap)}. */
    static <T> void shuffle(List<T> list, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /**
     * One entry of a custom / hot / item-CF list: {@code id}, {@code id:retrieveId} or
     * {@code id:retrieveId:score}; null for more parts. A two-part entry whose second part is a number
     * ({@code id:score}, the documented i2i format) takes it as the score, not as a retrieve id.
     *
     * @param defaultScore the score of entries without one (NaN: draw a random score, as the hot recall)
     */
    static Item item(String entry, String recallName, double defaultScore) {
        String[] p = entry.split(":", -1);
        double score = Double.isNaN(defaultScore) ? ThreadLocalRandom.current().nextDouble() : defaultScore;
        return switch (p.length) {
            case 1 -> new Item(p[0], recallName, score);
            case 2 -> {
                Double asScore = number(p[1]);
                if (asScore != null) {
                    yield new Item(p[0], recallName, asScore);
                }
                yield new Item(p[0], p[1].isEmpty() ? recallName : p[1], score);
            }
            case 3 -> {
                Double s = number(p[2]);
                yield new Item(p[0], p[1].isEmpty() ? recallName : p[1], s == null ? 0 : s);
            }
            default -> null;
        };
    }

    static Double number(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
