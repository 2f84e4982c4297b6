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
        // which copy is first, then the writes: a write takes the item's monitor, whose atomic instruction
        // would keep the next item's reads (cache misses on the item and its id) from overlapping
        int n = items.size();
        int[] firstAt = new int[n];
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            int at = seen.putIfAbsent(item.id(), kept.size());
            firstAt[i] = at;
            if (at < 0) {
                kept.add(item);
            } else {
                removed.add(item);
            }
        }
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            int at = firstAt[i];
            if (at < 0) {
                item.setRecallScore(item.retrieveId(), item.score());
            } else {
                Item first = kept.get(at);
                item.algoScores().forEach((k, v) -> {
                    if (first.algoScore(k) == null) {
                        first.setAlgoScore(k, v);
                    }
                });
                first.setRecallScore(item.retrieveId(), item.score());
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
