package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PAI-Rec's {@code CompletelyFairFilter}: round robin over the recalls ({@code RetrieveId}, in the order
 * the score-sorted list first shows them), one best remaining item per turn, until {@code RetainNum}
 * items are taken or none is left. As in PAI-Rec, a spent recall's place in the rotation goes to the
 * last recall of the rotation.
 */
public final class CompletelyFairFilter implements Filter {

    public static final String TYPE = "CompletelyFairFilter";

    private final int retainNum;

    CompletelyFairFilter(int retainNum) {
        this.retainNum = retainNum;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(ItemOrder.SCORE_DESCENDING);
        Map<String, List<Item>> byRecall = ItemOrder.byRetrieveId(sorted);
        List<String> rotation = new ArrayList<>(byRecall.keySet());
        int[] next = new int[rotation.size()];
        List<List<Item>> lists = new ArrayList<>(rotation.size());
        rotation.forEach(r -> lists.add(byRecall.get(r)));
        int target = Math.min(retainNum, items.size());
        List<Item> kept = new ArrayList<>(target);
        int count = 0;
        while (count < target) {
            int i = count % lists.size();
            List<Item> list = lists.get(i);
            kept.add(list.get(next[i]++));
            count++;
            if (next[i] == list.size()) {
                int last = lists.size() - 1;
                lists.set(i, lists.get(last));
                next[i] = next[last];
                lists.remove(last);
            }
        }
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    private static Integer readRetainNum(ConfigReader r) {
        if (r.config().raw("RetainNum") == null) {
            r.problem("RetainNum", "is required: how many items to keep");
        }
        return r.integer("RetainNum", 0, 1);
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Integer> {
        public Factory() {
            super(TYPE);
        }

        @Override
        Integer read(ConfigReader r, String who) {
            return readRetainNum(r);
        }

        @Override
        Filter build(Integer s, String who, PluginContext context) {
            return new CompletelyFairFilter(s);
        }
    }
}
