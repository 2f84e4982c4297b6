package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** PAI-Rec's {@code ItemRankScore}: orders by score, highest first; ties keep their order (stable). */
public final class ItemRankScore implements Sort {

    public static final String TYPE = "ItemRankScore";

    private static final Comparator<Item> BY_SCORE_DESC = (a, b) -> Double.compare(b.score(), a.score());

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        List<Item> out = new ArrayList<>(items);
        out.sort(BY_SCORE_DESC);
        return out;
    }

    /** Factory. */
    public static final class Factory implements SortFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Sort create(ComponentConfig config, PluginContext context) {
            return new ItemRankScore();
        }
    }
}
