package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * PAI-Rec's {@code PriorityAdjustCountFilterV2}: like {@link PriorityAdjustCountFilter}, but an item found
 * by several recalls (more than one recall score, as {@code UniqueFilter} leaves it) competes in every
 * recall that found it, with that recall's score, until one entry takes it: it then carries that
 * recall's name as retrieve id and its score. Each recall's items are ranked on their own.
 */
public final class PriorityAdjustCountFilterV2 implements Filter {

    public static final String TYPE = "PriorityAdjustCountFilterV2";

    private final List<AdjustCount> counts;
    private final Supplier<RandomGenerator> random;

    PriorityAdjustCountFilterV2(List<AdjustCount> counts, Supplier<RandomGenerator> random) {
        this.counts = counts;
        this.random = random;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Map<String, List<Item>> byRecall = new LinkedHashMap<>();
        // insertion order, so that which recall an untaken shared item last competed in does not vary
        Set<Item> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Item> sharedOrder = new ArrayList<>();
        for (Item item : items) {
            if (item.recallScores().size() > 1) {
                shared.add(item);
                sharedOrder.add(item);
            } else {
                byRecall.computeIfAbsent(item.retrieveId(), k -> new ArrayList<>()).add(item);
            }
        }
        RandomGenerator rnd = random.get();
        List<Item> kept = new ArrayList<>();
        int accumulated = 0;
        for (AdjustCount c : counts) {
            List<Item> recall = new ArrayList<>(byRecall.getOrDefault(c.recallName(), List.of()));
            for (Item item : sharedOrder) {
                if (!shared.contains(item)) {
                    continue;
                }
                Double score = item.recallScores().get(c.recallName());
                if (score != null) {
                    item.setRetrieveId(c.recallName());
                    item.setScore(score);
                    recall.add(item);
                }
            }
            ItemOrder.byScoreWithShuffledTies(recall, rnd);
            int n = c.fixed() ? Math.min(c.count(), recall.size())
                    : Math.max(0, Math.min(c.count() - accumulated, recall.size()));
            for (int i = 0; i < n; i++) {
                Item item = recall.get(i);
                kept.add(item);
                shared.remove(item);
            }
            if (!c.fixed()) {
                accumulated += n;
            }
        }
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<List<AdjustCount>> {
        public Factory() {
            super(TYPE);
        }

        @Override
        List<AdjustCount> read(ConfigReader r, String who) {
            return AdjustCount.readAll(r, who, AdjustCount.Need.COUNT_AND_TYPE);
        }

        @Override
        Filter build(List<AdjustCount> s, String who, PluginContext context) {
            return new PriorityAdjustCountFilterV2(s, ThreadLocalRandom::current);
        }
    }
}
