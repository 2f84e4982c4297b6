package io.recengine.core.builtin;

import io.recengine.core.collect.IdPositions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;

/**
 * PAI-Rec's {@code UniqueFilter}: keeps the first copy of each item id. The kept copy receives the
 * duplicates' algo scores (existing ones win) and every copy's recall score under its retrieve id.
 * Since recalls merge in {@code RecallNames} order, "first" means the earliest recall in that list.
 */
public final class UniqueFilter implements Filter {

    public static final String TYPE = "UniqueFilter";

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        IdPositions seen = new IdPositions(items.size());
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            int at = seen.putIfAbsent(item.id(), kept.size());
            if (at < 0) {
                item.setRecallScore(item.retrieveId(), item.score());
                kept.add(item);
            } else {
                Item first = kept.get(at);
                item.algoScores().forEach((k, v) -> {
                    if (first.algoScore(k) == null) {
                        first.setAlgoScore(k, v);
                    }
                });
                first.setRecallScore(item.retrieveId(), item.score());
                removed.add(item);
            }
        }
        return FilterResult.of(kept, removed);
    }

    /** Factory. */
    public static final class Factory implements FilterFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Filter create(ComponentConfig config, PluginContext context) {
            return new UniqueFilter();
        }
    }
}
