package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PAI-Rec's {@code GroupWeightCountFilter}: when there are more than {@code RetainNum} items, groups them
 * by the item property {@code Dimension} (no value: group {@code DEFAULT}) and gives each group a share of
 * {@code RetainNum} by its summed score: {@code softmax} (default; {@code exp(ScoreWeight * sum)}) or
 * {@code avg} ({@code ScoreWeight * sum}) as {@code GroupWeightStrategy} says, at least
 * {@code GroupMinNum}, at most {@code GroupMaxNum} (when &gt; 0; capped groups are filled first and the
 * others share the rest). Shares are then trimmed or topped up one item per group in turn to
 * {@code RetainNum}. {@code GroupWeightDimensionLimit} first drops items past a per-value limit of other
 * properties. Each group keeps its items' order; the answer lists the groups one after another.
 *
 * <p>Where PAI-Rec walks groups in Go's random map order, this walks them in first-seen order, so the
 * answer is repeatable; where PAI-Rec spins forever (fewer items than {@code RetainNum} left, or every
 * group at {@code GroupMinNum} while trimming), this stops with what it has.
 */
public final class GroupWeightCountFilter implements Filter {

    public static final String TYPE = "GroupWeightCountFilter";
    static final String DEFAULT_GROUP = "DEFAULT";

    record Settings(int retainNum, String dimension, int groupMin, int groupMax, double scoreWeight, boolean avg,
                    Map<String, Integer> dimensionLimits) {
    }

    private final Settings s;

    GroupWeightCountFilter(Settings settings) {
        this.s = settings;
    }

    /** One dimension value: items still to place ({@code pending}) and placed ones ({@code kept}). */
    private static final class Group {
        final List<Item> pending = new ArrayList<>();
        final List<Item> kept = new ArrayList<>();
        double score;
        boolean capped;

        void take(int n) {
            int k = Math.max(0, Math.min(n, pending.size()));
            kept.addAll(pending.subList(0, k));
            pending.subList(0, k).clear();
        }
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.size() <= s.retainNum()) {
            return FilterResult.keepAll(items);
        }
        List<Item> pool = s.dimensionLimits().isEmpty() ? items : limited(items);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Item item : pool) {
            String v = item.stringProperty(s.dimension());
            Group g = groups.computeIfAbsent(v == null || v.isEmpty() ? DEFAULT_GROUP : v, k -> new Group());
            g.pending.add(item);
            g.score += item.score();
        }
        double total = total(groups, false);
        boolean anyCapped = false;
        for (Group g : groups.values()) {
            g.capped = s.groupMax() > 0 && rawShare(g, total, s.retainNum()) >= s.groupMax();
            anyCapped |= g.capped;
        }
        int retained = 0;
        for (Group g : groups.values()) {
            if (!anyCapped || g.capped) {
                g.take(anyCapped ? s.groupMax() : share(g, total, s.retainNum()));
                retained += g.kept.size();
            }
        }
        if (anyCapped && retained < s.retainNum()) {
            long cappedCount = groups.values().stream().filter(g -> g.capped).count();
            int rest = s.retainNum() - (int) cappedCount * s.groupMax();
            double restTotal = total(groups, true);
            for (Group g : groups.values()) {
                if (!g.capped) {
                    g.take(share(g, restTotal, rest));
                    retained += g.kept.size();
                }
            }
        }
        if (retained > s.retainNum()) {
            boolean trimmed = true;
            while (retained > s.retainNum() && trimmed) {
                trimmed = false;
                for (Group g : groups.values()) {
                    if (retained > s.retainNum() && g.kept.size() > s.groupMin()) {
                        g.pending.add(0, g.kept.remove(g.kept.size() - 1));
                        retained--;
                        trimmed = true;
                    }
                }
            }
        } else {
            boolean added = true;
            while (retained < s.retainNum() && added) {
                added = false;
                for (Group g : groups.values()) {
                    if (retained < s.retainNum() && !g.pending.isEmpty()) {
                        g.take(1);
                        retained++;
                        added = true;
                    }
                }
            }
        }
        List<Item> kept = new ArrayList<>(retained);
        groups.values().forEach(g -> kept.addAll(g.kept));
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    private double weight(Group g) {
        return s.avg() ? s.scoreWeight() * g.score : Math.exp(s.scoreWeight() * g.score);
    }

    private double total(Map<String, Group> groups, boolean uncappedOnly) {
        double t = 0;
        for (Group g : groups.values()) {
            if (!uncappedOnly || !g.capped) {
                t += weight(g);
            }
        }
        return t == 0 ? 1 : t;
    }

    private int rawShare(Group g, double total, int of) {
        double x = of * (weight(g) / total);
        long rounded = Double.isNaN(x) ? 0 : (long) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
        return (int) Math.max(Math.min(rounded, Integer.MAX_VALUE), Math.max(Integer.MIN_VALUE, s.groupMin()));
    }

    private int share(Group g, double total, int of) {
        int n = rawShare(g, total, of);
        return s.groupMax() > 0 ? Math.min(n, s.groupMax()) : n;
    }

    /** Drops items past {@code GroupWeightDimensionLimit}, dimension by dimension in config order. */
    private List<Item> limited(List<Item> items) {
        List<Item> pool = new ArrayList<>(items);
        for (Map.Entry<String, Integer> limit : s.dimensionLimits().entrySet()) {
            Map<String, Integer> counts = new HashMap<>();
            List<Item> next = new ArrayList<>(pool.size());
            for (Item item : pool) {
                String v = item.stringProperty(limit.getKey());
                int n = counts.merge(v == null || v.isEmpty() ? "__DEFAULT__" : v, 1, Integer::sum);
                if (n <= limit.getValue()) {
                    next.add(item);
                } else {
                    counts.merge(v == null || v.isEmpty() ? "__DEFAULT__" : v, -1, Integer::sum);
                }
            }
            pool = next;
        }
        return pool;
    }

    static Settings read(ConfigReader r) {
        if (r.config().raw("RetainNum") == null) {
            r.problem("RetainNum", "is required: how many items to keep");
        }
        int retain = r.integer("RetainNum", 0, 1);
        String dimension = r.require("Dimension");
        int min = r.integer("GroupMinNum", 0, 0);
        int max = r.integer("GroupMaxNum", 0, 0);
        if (max > 0 && min > max) {
            r.problem("GroupMinNum", "want at most GroupMaxNum (" + max + "), got " + min);
        }
        double weight = r.decimal("ScoreWeight", 0, -1e6, 1e6);
        String strategy = r.string("GroupWeightStrategy", "softmax");
        if (!"softmax".equals(strategy) && !"avg".equals(strategy)) {
            r.problem("GroupWeightStrategy", "want \"softmax\" (the default) or \"avg\", got \"" + strategy + "\"");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        Object raw = r.config().raw("GroupWeightDimensionLimit");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                        && n.doubleValue() <= Integer.MAX_VALUE) {
                    limits.put(String.valueOf(k), n.intValue());
                } else {
                    r.problem("GroupWeightDimensionLimit." + k, "want an integer >= 0, got " + v);
                }
            });
        } else if (raw != null) {
            r.problem("GroupWeightDimensionLimit", "want an object of property name -> integer limit");
        }
        return new Settings(retain, dimension, min, max, weight, "avg".equals(strategy), java.util.Collections.unmodifiableMap(limits));
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Settings> {
        public Factory() {
            super(TYPE);
        }

        @Override
        Settings read(ConfigReader r, String who) {
            return GroupWeightCountFilter.read(r);
        }

        @Override
        Filter build(Settings s, String who, PluginContext context) {
            return new GroupWeightCountFilter(s);
        }
    }
}
