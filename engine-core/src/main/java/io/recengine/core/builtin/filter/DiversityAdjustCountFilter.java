package io.recengine.core.builtin.filter;

import io.recengine.core.expr.Expression;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * PAI-Rec's {@code DiversityAdjustCountFilter}: like {@link PriorityAdjustCountFilter}, but each
 * {@code AdjustCountConfs} entry selects its items by {@code Expression} over the item's properties (true
 * when non-zero) instead of by recall. An item matching several entries is placed once, by the first
 * entry that reaches it; as in PAI-Rec, a {@code fix} entry's {@code Count} looks at that many of its
 * matches, placed or not. Besides the properties, the expression sees {@code recall_name},
 * {@code recall_score} and the item's own recall name holding its score.
 */
public final class DiversityAdjustCountFilter implements Filter {

    public static final String TYPE = "DiversityAdjustCountFilter";

    record Entry(AdjustCount count, Expression expression) {
    }

    private final List<Entry> entries;
    private final Supplier<RandomGenerator> random;

    DiversityAdjustCountFilter(List<Entry> entries, Supplier<RandomGenerator> random) {
        this.entries = entries;
        this.random = random;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        ItemOrder.byScoreWithShuffledTies(sorted, random.get());
        List<List<Item>> matches = new ArrayList<>(entries.size());
        entries.forEach(e -> matches.add(new ArrayList<>()));
        for (Item item : sorted) {
            Expression.Variables vars = name -> variable(item, name);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).expression().evaluate(vars) != 0) {
                    matches.get(i).add(item);
                }
            }
        }
        Set<Item> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Item> kept = new ArrayList<>();
        int accumulated = 0;
        for (int i = 0; i < entries.size(); i++) {
            AdjustCount c = entries.get(i).count();
            List<Item> m = matches.get(i);
            int look = c.fixed() ? c.count() : c.count() - accumulated;
            for (int k = 0; k < m.size() && k < look; k++) {
                Item item = m.get(k);
                if (placed.add(item)) {
                    kept.add(item);
                    if (!c.fixed()) {
                        accumulated++;
                    }
                }
            }
        }
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    private static double variable(Item item, String name) {
        Object v = item.property(name);
        if (v == null) {
            if ("recall_score".equals(name) || name.equals(item.retrieveId())) {
                return item.score();
            }
            return 0;
        }
        return Values.toDouble(v, 0);
    }

    static List<Entry> read(ConfigReader r, String who) {
        List<AdjustCount> counts = AdjustCount.readAll(r, who, AdjustCount.Need.COUNT_AND_TYPE);
        List<ComponentConfig> raw = counts.isEmpty() ? List.of() : r.config().children("AdjustCountConfs");
        List<Entry> out = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            ConfigReader e = new ConfigReader(raw.get(i), who + " AdjustCountConfs[" + i + "]");
            String source = e.require("Expression");
            Expression x = null;
            if (!source.isEmpty()) {
                try {
                    x = Expression.parse(source);
                } catch (Expression.SyntaxException ex) {
                    e.problem("Expression", "does not parse: " + ex.getMessage());
                }
            }
            if (i > 0 && !counts.get(i).fixed() && !counts.get(i - 1).fixed()
                    && counts.get(i).count() < counts.get(i - 1).count()) {
                e.problem("Count", "an accumulator entry after another wants a Count >= the previous one's "
                        + counts.get(i - 1).count() + ", got " + counts.get(i).count());
            }
            e.problems().forEach(r::problem);
            out.add(new Entry(counts.get(i), x));
        }
        return List.copyOf(out);
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<List<Entry>> {
        public Factory() {
            super(TYPE);
        }

        @Override
        List<Entry> read(ConfigReader r, String who) {
            return DiversityAdjustCountFilter.read(r, who);
        }

        @Override
        Filter build(List<Entry> s, String who, PluginContext context) {
            return new DiversityAdjustCountFilter(s, ThreadLocalRandom::current);
        }
    }
}
