package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PAI-Rec's {@code DiversityRuleSort}: re-arranges the order it receives (it never reads scores) so that
 * the first positions respect the {@code DiversityRules}. Position by position it takes the first
 * remaining item that every rule accepts; when none does, the one whose accepting rules weigh most
 * ({@code Weight}), else the first remaining item. Items past the arranged positions keep their order.
 *
 * <p>A rule ({@code Dimensions}, joined) refuses an item when
 * <ul>
 *   <li>{@code IntervalSize} N: the last N placed items all share its value (so at most N in a row);</li>
 *   <li>{@code WindowSize} W, {@code FrequencySize} F (only when W &gt; F): the last W-1 placed items hold F
 *       or more of its value.</li>
 * </ul>
 * {@code MultiValueDimensionConf} splits a dimension by its {@code Delimiter}; two such values are the
 * same when they share one part. {@code ExclusionRules} keep items matching their {@code Conditions} out of
 * their {@code Positions} (1-based). {@code ExploreItemSize} bounds how far past the first candidate each
 * position looks. {@code DiversitySize} (default: the request size) is how many positions are arranged;
 * like PAI-Rec, one more than that is placed by the rules. {@code ExcludeRecalls} items go to the end
 * untouched. {@code Conditions} (on user properties) decide whether the sort runs at all.
 */
public final class DiversityRuleSort implements Sort {

    public static final String TYPE = "DiversityRuleSort";

    /**
     * One rule; {@code delimiters[d]} non-null marks dimension d as multi-valued. {@code multi} is whether
     * the sort compares per dimension (any MultiValueDimensionConf set) rather than on the joined value.
     */
    record Rule(List<String> dimensions, int interval, int window, int frequency, int weight,
                String[] delimiters, boolean multi) {
    }

    record Exclusion(Set<Integer> positions, Conditions conditions) {
    }

    record Settings(List<Rule> rules, List<Exclusion> exclusions, Set<String> excludeRecalls, int diversitySize,
                    int exploreItemSize, Conditions conditions) {
    }

    private final Settings settings;
    private final boolean hasWeight;

    DiversityRuleSort(Settings settings) {
        this.settings = settings;
        this.hasWeight = settings.rules().stream().anyMatch(r -> r.weight() > 0);
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        if (!settings.conditions().isEmpty() && !settings.conditions().test(user::property, null)) {
            return new ArrayList<>(items);
        }
        if (settings.rules().isEmpty()) {
            return new ArrayList<>(items);
        }
        List<Item> candidates = items;
        List<Item> excluded = List.of();
        if (!settings.excludeRecalls().isEmpty()) {
            candidates = new ArrayList<>(items.size());
            excluded = new ArrayList<>();
            for (Item i : items) {
                (settings.excludeRecalls().contains(i.retrieveId()) ? excluded : candidates).add(i);
            }
        }
        int n = candidates.size();
        if (n == 0) {
            return new ArrayList<>(items);
        }
        int limit = context.size();
        if (settings.diversitySize() > 0) {
            limit = Math.min(settings.diversitySize(), n);
        }
        return new Arrangement(candidates, user, limit).run(excluded);
    }

    /** The state of one request's arrangement. */
    private final class Arrangement {
        private final List<Item> items;
        private final User user;
        private final int limit;
        private final Object[][] keys;
        private final Boolean[][] excludedCache;
        private final boolean[] taken;
        private final int[] placed;
        private int count;

        Arrangement(List<Item> items, User user, int limit) {
            this.items = items;
            this.user = user;
            this.limit = limit;
            int n = items.size();
            this.keys = new Object[settings.rules().size()][n];
            this.excludedCache = new Boolean[settings.exclusions().size()][n];
            this.taken = new boolean[n];
            this.placed = new int[n];
        }

        List<Item> run(List<Item> excluded) {
            int n = items.size();
            boolean anyExclusion = !settings.exclusions().isEmpty();
            // PAI-Rec drops the first candidate from its scan list only when it took it by default;
            // the scan offset matters for ExploreItemSize, which counts positions in that list
            int start = 0;
            int first = -1;
            if (anyExclusion) {
                for (int i = 0; i < n; i++) {
                    if (!excludedAt(1, i)) {
                        first = i;
                        break;
                    }
                }
            }
            if (first < 0) {
                first = 0;
                start = 1;
            }
            take(first);
            int arranged = 1;
            while (count <= limit && arranged < n) {
                boolean fits = true;
                int firstFree = -1;
                int best = -1;
                int bestWeight = 0;
                for (int i = start; i < n; i++) {
                    if (taken[i] || anyExclusion && excludedAt(count + 1, i)) {
                        continue;
                    }
                    if (firstFree < 0) {
                        firstFree = i;
                    }
                    if (settings.exploreItemSize() > 0 && i - firstFree >= settings.exploreItemSize()) {
                        break;
                    }
                    fits = true;
                    int weight = 0;
                    for (int r = 0; r < settings.rules().size(); r++) {
                        boolean ok = accepts(r, i);
                        if (hasWeight) {
                            if (ok) {
                                weight += settings.rules().get(r).weight();
                            } else {
                                fits = false;
                            }
                        } else if (!ok) {
                            fits = false;
                            break;
                        }
                    }
                    if (fits) {
                        take(i);
                        arranged++;
                        break;
                    }
                    if (best < 0 || bestWeight < weight) {
                        best = i;
                        bestWeight = weight;
                    }
                }
                if (!fits) {
                    take(best >= 0 ? best : firstFree);
                    arranged++;
                } else if (firstFree < 0) {
                    break;
                }
            }
            List<Item> out = new ArrayList<>(n + excluded.size());
            for (int p = 0; p < count; p++) {
                out.add(items.get(placed[p]));
            }
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    out.add(items.get(i));
                }
            }
            out.addAll(excluded);
            return out;
        }

        private void take(int i) {
            taken[i] = true;
            placed[count++] = i;
        }

        private boolean excludedAt(int position, int i) {
            for (int e = 0; e < settings.exclusions().size(); e++) {
                Exclusion ex = settings.exclusions().get(e);
                if (!ex.positions().contains(position) || ex.conditions().isEmpty()) {
                    continue;
                }
                Boolean hit = excludedCache[e][i];
                if (hit == null) {
                    Item item = items.get(i);
                    hit = ex.conditions().test(user::property, item::property);
                    excludedCache[e][i] = hit;
                }
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        private boolean accepts(int r, int i) {
            Rule rule = settings.rules().get(r);
            Object mine = key(r, i);
            if (rule.interval() > 0 && count >= rule.interval()) {
                int same = 1;
                for (int p = count - 1; p >= count - rule.interval(); p--) {
                    if (!same(rule, mine, key(r, placed[p]))) {
                        break;
                    }
                    same++;
                }
                if (same > rule.interval()) {
                    return false;
                }
            }
            if (rule.window() > 0 && rule.frequency() > 0 && rule.window() > rule.frequency()) {
                int same = 1;
                for (int p = Math.max(0, count - rule.window() + 1); p < count; p++) {
                    if (same(rule, mine, key(r, placed[p]))) {
                        same++;
                    }
                    if (same > rule.frequency()) {
                        return false;
                    }
                }
            }
            return true;
        }

        private Object key(int r, int i) {
            Object k = keys[r][i];
            if (k == null) {
                k = value(settings.rules().get(r), items.get(i));
                keys[r][i] = k;
            }
            return k;
        }
    }

    private static Object value(Rule rule, Item item) {
        List<String> dims = rule.dimensions();
        if (!rule.multi()) {
            if (dims.size() == 1) {
                return item.stringProperty(dims.get(0));
            }
            StringBuilder sb = new StringBuilder();
            for (int d = 0; d < dims.size(); d++) {
                if (d > 0) {
                    sb.append('_');
                }
                sb.append(item.stringProperty(dims.get(d)));
            }
            return sb.toString();
        }
        Object[] parts = new Object[dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            String v = item.stringProperty(dims.get(d));
            String delimiter = rule.delimiters()[d];
            parts[d] = delimiter == null ? v : Set.copyOf(split(v, delimiter));
        }
        return parts;
    }

    private static List<String> split(String v, String delimiter) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = v.indexOf(delimiter, from)) >= 0) {
            out.add(v.substring(from, at));
            from = at + delimiter.length();
        }
        out.add(v.substring(from));
        return out;
    }

    private static boolean same(Rule rule, Object a, Object b) {
        if (!rule.multi()) {
            return a.equals(b);
        }
        Object[] x = (Object[]) a;
        Object[] y = (Object[]) b;
        for (int d = 0; d < x.length; d++) {
            if (x[d] instanceof Set<?> xs) {
                boolean shared = false;
                for (Object o : (Set<?>) y[d]) {
                    if (xs.contains(o)) {
                        shared = true;
                        break;
                    }
                }
                if (!shared) {
                    return false;
                }
            } else if (!x[d].equals(y[d])) {
                return false;
            }
        }
        return true;
    }

    static Settings read(ComponentConfig config, Keys keys) {
        List<ComponentConfig> ruleConfs = keys.objects(config, "DiversityRules");
        if (ruleConfs.isEmpty()) {
            keys.problem("DiversityRules", "needs at least one rule {Dimensions, IntervalSize | WindowSize+FrequencySize}");
        }
        Map<String, String> delimiters = new HashMap<>();
        Set<String> allDimensions = new LinkedHashSet<>();
        for (ComponentConfig r : ruleConfs) {
            allDimensions.addAll(keys.strings(r, "Dimensions"));
        }
        for (ComponentConfig m : keys.objects(config, "MultiValueDimensionConf")) {
            String name = keys.string(m, "DimensionName", "");
            String delimiter = keys.string(m, "Delimiter", "");
            if (name.isEmpty() || !allDimensions.contains(name)) {
                keys.problem(Keys.key(m, "DimensionName"), "unknown dimension '" + name
                        + "'; the DiversityRules use " + allDimensions);
            }
            if (delimiter.isEmpty()) {
                keys.problem(Keys.key(m, "Delimiter"), "is required (the text between the values)");
            }
            delimiters.putIfAbsent(name, delimiter);
        }
        boolean multi = !delimiters.isEmpty();
        List<Rule> rules = new ArrayList<>();
        for (ComponentConfig r : ruleConfs) {
            List<String> dims = keys.strings(r, "Dimensions");
            if (dims.isEmpty()) {
                keys.problem(Keys.key(r, "Dimensions"), "needs at least one item property");
            }
            int interval = keys.integer(r, "IntervalSize", 0, 0);
            int window = keys.integer(r, "WindowSize", 0, 0);
            int frequency = keys.integer(r, "FrequencySize", 0, 0);
            int weight = keys.integer(r, "Weight", 0, 0);
            if (interval <= 0 && (window <= 0 || frequency <= 0 || window <= frequency)) {
                keys.problem(Keys.key(r, "IntervalSize"), "the rule has no effect: set IntervalSize > 0, or "
                        + "WindowSize > FrequencySize > 0");
            }
            String[] delims = new String[dims.size()];
            for (int d = 0; d < dims.size(); d++) {
                delims[d] = delimiters.get(dims.get(d));
            }
            rules.add(new Rule(List.copyOf(dims), interval, window, frequency, weight, delims, multi));
        }
        List<Exclusion> exclusions = new ArrayList<>();
        for (ComponentConfig e : keys.objects(config, "ExclusionRules")) {
            List<Integer> positions = keys.integers(e, "Positions", 1);
            Conditions conditions = keys.conditions(e, "Conditions");
            exclusions.add(new Exclusion(Set.copyOf(positions), conditions));
        }
        return new Settings(List.copyOf(rules), List.copyOf(exclusions),
                Set.copyOf(new HashSet<>(keys.strings(config, "ExcludeRecalls"))),
                keys.integer(config, "DiversitySize", 0, 0), keys.integer(config, "ExploreItemSize", 0, 0),
                keys.conditions(config, "Conditions"));
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            return new DiversityRuleSort(DiversityRuleSort.read(config, keys));
        }
    }
}
