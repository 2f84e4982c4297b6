package io.recengine.core.builtin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PAI-Rec's {@code AdjustCountFilter}: keeps the first {@code RetainNum} items; with
 * {@code ShuffleItem} the items are shuffled first.
 */
public final class AdjustCountFilter implements Filter {

    public static final String TYPE = "AdjustCountFilter";

    private final int retainNum;
    private final boolean shuffle;

    AdjustCountFilter(int retainNum, boolean shuffle) {
        this.retainNum = retainNum;
        this.shuffle = shuffle;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.size() <= retainNum && !shuffle) {
            return FilterResult.keepAll(items);
        }
        List<Item> all = new ArrayList<>(items);
        if (shuffle) {
            Collections.shuffle(all, ThreadLocalRandom.current());
        }
        int n = Math.min(retainNum, all.size());
        return FilterResult.of(new ArrayList<>(all.subList(0, n)), new ArrayList<>(all.subList(n, all.size())));
    }

    /** Factory. */
    public static final class Factory implements FilterFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            int n = config.integer("RetainNum", 0);
            if (n <= 0) {
                return List.of(new ConfigException("filter " + config.component(), "RetainNum",
                        "must be a positive number of items to keep, got " + n));
            }
            return List.of();
        }

        @Override
        public Filter create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            return new AdjustCountFilter(config.integer("RetainNum", 0), config.bool("ShuffleItem", false));
        }
    }
}
