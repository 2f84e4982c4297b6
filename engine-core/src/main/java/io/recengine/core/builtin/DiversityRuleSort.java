package io.recengine.core.builtin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PAI-Rec's {@code DiversityRuleSort}, its core rules: items come in score order, but for each rule
 * ({@code DiversityRules[]: {Dimensions[], IntervalSize, WindowSize, FrequencySize}}) two items with the
 * same value of the rule's dimensions (item properties, joined) stand at least {@code IntervalSize}
 * positions apart, and any {@code WindowSize} consecutive positions hold at most {@code FrequencySize}
 * items with the same value. Items of {@code ExcludeRecalls} are exempt. When no remaining item fits a
 * position, the best remaining one takes it (the list is never shortened). Only the first
 * {@code size} positions of the request are arranged (the rest keep score order), so a request costs
 * O(size x candidates).
 */
public final class DiversityRuleSort implements Sort {

    public static final String TYPE = "DiversityRuleSort";

    private record Rule(List<String> dimensions, int interval, int window, int frequency) {
    }

    private final List<Rule> rules;
    private final Set<String> excludeRecalls;

    DiversityRuleSort(List<Rule> rules, Set<String> excludeRecalls) {
        this.rules = List.copyOf(rules);
        this.excludeRecalls = Set.copyOf(excludeRecalls);
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        List<Item> rest = new ArrayList<>(items);
        rest.sort((a, b) -> Double.compare(b.score(), a.score()));
        int slots = Math.min(rest.size(), Math.max(context.size(), 1));
        List<Item> out = new ArrayList<>(rest.size());
        String[][] values = new String[slots][];
        boolean[] taken = new boolean[rest.size()];
        for (int pos = 0; pos < slots; pos++) {
            int pick = -1;
            int firstFree = -1;
            for (int i = 0; i < rest.size(); i++) {
                if (taken[i]) {
                    continue;
                }
                if (firstFree < 0) {
                    firstFree = i;
                }
                if (fits(rest.get(i), pos, values)) {
                    pick = i;
                    break;
                }
            }
            if (pick < 0) {
                pick = firstFree;
            }
            taken[pick] = true;
            Item chosen = rest.get(pick);
            values[pos] = excludeRecalls.contains(chosen.retrieveId()) ? null : values(chosen);
            out.add(chosen);
        }
        for (int i = 0; i < rest.size(); i++) {
            if (!taken[i]) {
                out.add(rest.get(i));
            }
        }
        return out;
    }

    private boolean fits(Item item, int pos, String[][] placed) {
        if (excludeRecalls.contains(item.retrieveId())) {
            return true;
        }
        String[] mine = values(item);
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            String v = mine[r];
            if (rule.interval() > 0) {
                for (int p = Math.max(0, pos - rule.interval()); p < pos; p++) {
                    if (placed[p] != null && v.equals(placed[p][r])) {
                        return false;
                    }
                }
            }
            if (rule.window() > 0 && rule.frequency() > 0) {
                int same = 0;
                for (int p = Math.max(0, pos - rule.window() + 1); p < pos; p++) {
                    if (placed[p] != null && v.equals(placed[p][r])) {
                        same++;
                    }
                }
                if (same >= rule.frequency()) {
                    return false;
                }
            }
        }
        return true;
    }

    private String[] values(Item item) {
        String[] out = new String[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            List<String> dims = rules.get(r).dimensions();
            if (dims.size() == 1) {
                out[r] = item.stringProperty(dims.get(0));
            } else {
                StringBuilder sb = new StringBuilder();
                for (String d : dims) {
                    sb.append(item.stringProperty(d)).append('\u0001');
                }
                out[r] = sb.toString();
            }
        }
        return out;
    }

    /** Factory. */
    public static final class Factory implements SortFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            List<ConfigException> out = new ArrayList<>();
            String who = "sort " + config.component();
            List<ComponentConfig> rules = config.children("DiversityRules");
            if (rules.isEmpty()) {
                out.add(new ConfigException(who, "DiversityRules", "needs at least one rule {Dimensions, IntervalSize | WindowSize+FrequencySize}"));
            }
            for (ComponentConfig r : rules) {
                if (r.stringList("Dimensions").isEmpty()) {
                    out.add(new ConfigException(who, r.path() + ".Dimensions", "needs at least one item property"));
                }
                int interval = r.integer("IntervalSize", 0);
                int window = r.integer("WindowSize", 0);
                int freq = r.integer("FrequencySize", 0);
                if (interval <= 0 && (window <= 0 || freq <= 0)) {
                    out.add(new ConfigException(who, r.path(), "set IntervalSize, or WindowSize and FrequencySize"));
                }
            }
            return out;
        }

        @Override
        public Sort create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            List<Rule> rules = new ArrayList<>();
            for (ComponentConfig r : config.children("DiversityRules")) {
                rules.add(new Rule(r.stringList("Dimensions"), r.integer("IntervalSize", 0),
                        r.integer("WindowSize", 0), r.integer("FrequencySize", 0)));
            }
            return new DiversityRuleSort(rules, new HashSet<>(config.stringList("ExcludeRecalls")));
        }
    }
}
