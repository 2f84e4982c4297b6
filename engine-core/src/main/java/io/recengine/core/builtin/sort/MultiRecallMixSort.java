package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * PAI-Rec's {@code MultiRecallMixSort}: fills the first {@code max(size, Size)} positions from rules
 * ({@code MixSortRules[]}), each taking items, in the order received, whose recall is in its
 * {@code RecallNames} or whose {@code Conditions} hold:
 * <ul>
 *   <li>{@code fix_position}: its items go to {@code Positions} (1-based), or, without positions, to the
 *       positions its first {@code Number} items carry in the property {@code PositionField};</li>
 *   <li>{@code random_position}: {@code Number} items (or {@code NumberRate} x size) at random positions,
 *       one per equal stretch of the list.</li>
 * </ul>
 * The other positions take the remaining items in order. With {@code RemainItem} the items not placed follow;
 * otherwise the list is cut to that size. Fewer items than the size: the order is left as it is.
 */
public final class MultiRecallMixSort implements Sort {

    public static final String TYPE = "MultiRecallMixSort";

    record Rule(boolean fixed, Set<String> recalls, Conditions conditions, List<Integer> positions,
                String positionField, int number, double numberRate) {
    }

    private final List<Rule> rules;
    private final int size;
    private final boolean remainItem;
    private final IntUnaryOperator random;

    MultiRecallMixSort(List<Rule> rules, int size, boolean remainItem, IntUnaryOperator random) {
        this.rules = List.copyOf(rules);
        this.size = size;
        this.remainItem = remainItem;
        this.random = random;
    }

    /** One rule's state during one request. */
    private static final class Slot {
        final Rule rule;
        final int number;
        final List<Item> items = new ArrayList<>();

        Slot(Rule rule, int number) {
            this.rule = rule;
            this.number = number;
        }

        boolean full() {
            return items.size() >= number;
        }
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        int total = Math.max(context.size(), size);
        if (items.size() < total || total <= 0) {
            return new ArrayList<>(items);
        }
        List<Slot> slots = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            int number;
            if (r.fixed()) {
                number = !r.positions().isEmpty() ? r.positions().size() : Math.max(r.number(), 0);
            } else {
                number = r.numberRate() > 0 ? (int) (total * r.numberRate()) : Math.max(r.number(), 0);
            }
            slots.add(new Slot(r, number));
        }
        List<Item> rest = new ArrayList<>();
        for (Item item : items) {
            boolean placed = false;
            for (Slot s : slots) {
                if (s.rule.recalls().contains(item.retrieveId()) && !s.full()) {
                    s.items.add(item);
                    placed = true;
                    break;
                }
                if (!s.rule.conditions().isEmpty() && s.rule.conditions().test(user::property, item::property) && !s.full()) {
                    s.items.add(item);
                    placed = true;
                    break;
                }
            }
            if (!placed && rest.size() < total) {
                rest.add(item);
            }
            if (rest.size() >= total && slots.stream().allMatch(Slot::full)) {
                break;
            }
        }
        Item[] result = new Item[total];
        for (Slot s : slots) {
            if (s.rule.fixed()) {
                fix(s, result, total);
            }
        }
        for (Slot s : slots) {
            if (!s.rule.fixed()) {
                scatter(s, result, total);
            }
        }
        int next = 0;
        for (int i = 0; i < total; i++) {
            if (result[i] == null && next < rest.size()) {
                result[i] = rest.get(next++);
            }
        }
        Map<Item, Boolean> used = new IdentityHashMap<>();
        for (Item i : result) {
            if (i != null) {
                used.put(i, true);
            }
        }
        List<Item> out = new ArrayList<>(Arrays.asList(result));
        int cursor = 0;
        int n = out.size();
        for (int i = 0; i < n; i++) {
            if (out.get(i) != null) {
                continue;
            }
            // a hole no rule filled: the next item not placed yet; when none is left, PAI-Rec moves the
            // last position into the hole and shortens the list
            while (cursor < items.size() && used.containsKey(items.get(cursor))) {
                cursor++;
            }
            if (cursor < items.size()) {
                Item remaining = items.get(cursor++);
                used.put(remaining, true);
                out.set(i, remaining);
            } else {
                out.set(i, out.get(n - 1));
                out.remove(n - 1);
                n--;
                i--;
            }
        }
        if (remainItem) {
            for (Item i : items) {
                if (!used.containsKey(i)) {
                    used.put(i, true);
                    out.add(i);
                }
            }
        }
        return out;
    }

    private static void fix(Slot s, Item[] result, int total) {
        List<Integer> positions = s.rule.positions();
        if (positions.isEmpty() && !s.rule.positionField().isEmpty()) {
            positions = new ArrayList<>();
            for (int i = 0; i < s.number && i < s.items.size(); i++) {
                int p = (int) Values.toDouble(s.items.get(i).property(s.rule.positionField()), -1);
                if (p > 0) {
                    positions.add(p);
                }
            }
        }
        int index = 0;
        for (int pos : positions) {
            if (pos >= 1 && pos <= total && index < s.items.size()) {
                result[pos - 1] = s.items.get(index++);
            }
        }
    }

    private void scatter(Slot s, Item[] result, int total) {
        if (s.items.isEmpty()) {
            return;
        }
        int stretch = Math.max(1, total / Math.max(1, s.number));
        int start = 0;
        for (Item item : s.items) {
            if (Arrays.stream(result).noneMatch(x -> x == null)) {
                break;
            }
            int end = Math.min(start + random.applyAsInt(stretch), total - 1);
            for (int attempts = 0; result[end] != null && attempts < total; attempts++) {
                end = (end + 1) % total;
            }
            if (result[end] == null) {
                result[end] = item;
            }
            start += stretch;
        }
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            List<Rule> rules = new ArrayList<>();
            List<ComponentConfig> confs = keys.objects(config, "MixSortRules");
            if (confs.isEmpty()) {
                keys.problem("MixSortRules", "needs at least one rule {MixStrategy: fix_position | random_position, ...}");
            }
            for (ComponentConfig c : confs) {
                String strategy = keys.string(c, "MixStrategy", "");
                boolean fixed = strategy.equals("fix_position");
                if (!fixed && !strategy.equals("random_position")) {
                    keys.problem(Keys.key(c, "MixStrategy"), "unknown strategy '" + strategy
                            + "'. Known: [fix_position, random_position]");
                }
                List<String> recalls = keys.strings(c, "RecallNames");
                Conditions conditions = keys.conditions(c, "Conditions");
                if (recalls.isEmpty() && conditions.isEmpty()) {
                    keys.problem(Keys.key(c, "RecallNames"), "the rule takes no item: set RecallNames or Conditions");
                }
                double rate = keys.decimal(c, "NumberRate", 0);
                if (rate < 0 || rate > 1) {
                    keys.problem(Keys.key(c, "NumberRate"), "want a number from 0 to 1, got " + rate);
                }
                rules.add(new Rule(fixed, new HashSet<>(recalls), conditions, keys.integers(c, "Positions", 1),
                        keys.string(c, "PositionField", ""), keys.integer(c, "Number", 0, 0), rate));
            }
            return new MultiRecallMixSort(rules, keys.integer(config, "Size", 0, 0), keys.bool(config, "RemainItem", false),
                    bound -> ThreadLocalRandom.current().nextInt(bound));
        }
    }
}
