package io.recengine.core.builtin.filter;

import io.recengine.spi.Item;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Orderings and groupings the count filters share. */
final class ItemOrder {

    static final Comparator<Item> SCORE_DESCENDING = Comparator.comparingDouble(Item::score).reversed();

    private ItemOrder() {
    }

    /**
     * Highest score first. PAI-Rec shuffles the first half of the list before an unstable sort, so equal
     * scores come out in no fixed order; the shuffle is kept (ties stay mixed), the sort is stable.
     */
    static void byScoreWithShuffledTies(List<Item> items, RandomGenerator random) {
        int half = items.size() / 2;
        for (int i = half - 1; i > 0; i--) {
            Collections.swap(items, i, random.nextInt(i + 1));
        }
        items.sort(SCORE_DESCENDING);
    }

    /** The items grouped by retrieve id, groups and items in first-seen order. */
    static Map<String, List<Item>> byRetrieveId(List<Item> items) {
        Map<String, List<Item>> out = new LinkedHashMap<>();
        for (Item item : items) {
            out.computeIfAbsent(item.retrieveId(), k -> new ArrayList<>()).add(item);
        }
        return out;
    }

    /** The items of {@code all} not in {@code kept} (by identity), in their order. */
    static List<Item> removed(List<Item> all, List<Item> kept) {
        Set<Item> keptSet = Collections.newSetFromMap(new IdentityHashMap<>(kept.size() * 2));
        keptSet.addAll(kept);
        List<Item> out = new ArrayList<>(Math.max(0, all.size() - kept.size()));
        for (Item item : all) {
            if (!keptSet.contains(item)) {
                out.add(item);
            }
        }
        return out;
    }
}
