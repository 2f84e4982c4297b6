package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PAI-Rec's {@code DimensionFieldUniqueFilter}: keeps the first item of each value of the item property
 * {@code Dimension}; items without the property (or with an empty one) all stay. Order is kept.
 */
public final class DimensionFieldUniqueFilter implements Filter {

    public static final String TYPE = "DimensionFieldUniqueFilter";

    private final String dimension;

    DimensionFieldUniqueFilter(String dimension) {
        this.dimension = dimension;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Set<String> seen = new HashSet<>();
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            String v = item.stringProperty(dimension);
            if (v == null || v.isEmpty() || seen.add(v)) {
                kept.add(item);
            } else {
                removed.add(item);
            }
        }
        return FilterResult.of(kept, removed);
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<String> {
        public Factory() {
            super(TYPE);
        }

        @Override
        String read(ConfigReader r, String who) {
            return r.require("Dimension");
        }

        @Override
        Filter build(String s, String who, PluginContext context) {
            return new DimensionFieldUniqueFilter(s);
        }
    }
}
