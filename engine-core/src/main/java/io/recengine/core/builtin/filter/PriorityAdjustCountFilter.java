package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * PAI-Rec's {@code PriorityAdjustCountFilter}: the items sorted by score, then for each
 * {@code AdjustCountConfs} entry in order the best items of its recall ({@code RetrieveId}): a
 * {@code fix} entry adds up to its {@code Count}, an {@code accumulator} entry fills the accumulated
 * total up to its {@code Count}. The answer is in that order: entry by entry, best first. Items of
 * recalls without an entry are dropped.
 *
 * <p>{@code EnsureDiversity} (with {@code DiversityDaoConf}) reads distinct values from a datastore and is
 * refused as not supported yet rather than ignored.
 */
public final class PriorityAdjustCountFilter implements Filter {

    public static final String TYPE = "PriorityAdjustCountFilter";

    private final List<AdjustCount> counts;
    private final Supplier<RandomGenerator> random;

    PriorityAdjustCountFilter(List<AdjustCount> counts, Supplier<RandomGenerator> random) {
        this.counts = counts;
        this.random = random;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        ItemOrder.byScoreWithShuffledTies(sorted, random.get());
        Map<String, List<Item>> byRecall = ItemOrder.byRetrieveId(sorted);
        List<Item> kept = new ArrayList<>();
        int accumulated = 0;
        for (AdjustCount c : counts) {
            List<Item> recall = byRecall.getOrDefault(c.recallName(), List.of());
            if (c.fixed()) {
                kept.addAll(recall.subList(0, Math.min(c.count(), recall.size())));
            } else {
                int n = Math.max(0, Math.min(c.count() - accumulated, recall.size()));
                kept.addAll(recall.subList(0, n));
                accumulated += n;
            }
        }
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    record Settings(List<AdjustCount> counts) {
        static Settings read(ConfigReader r, String component) {
            List<AdjustCount> counts = AdjustCount.readAll(r, component, AdjustCount.Need.COUNT_AND_TYPE);
            if (r.bool("EnsureDiversity", false)) {
                r.problem("EnsureDiversity", "is not supported yet (it reads DiversityDaoConf); remove it or set false");
            }
            if (r.config().raw("DiversityDaoConf") != null) {
                r.problem("DiversityDaoConf", "is not supported yet; remove it");
            }
            return new Settings(counts);
        }
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Settings> {
        public Factory() {
            super(TYPE);
        }

        @Override
        Settings read(ConfigReader r, String who) {
            return Settings.read(r, who);
        }

        @Override
        Filter build(Settings s, String who, PluginContext context) {
            return new PriorityAdjustCountFilter(s.counts(), ThreadLocalRandom::current);
        }
    }
}
