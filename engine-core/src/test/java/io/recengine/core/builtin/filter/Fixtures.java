package io.recengine.core.builtin.filter;

import io.recengine.core.builtin.UniqueFilter;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Items, configs and runs shared by this package's tests. */
final class Fixtures {

    static final RecContext CONTEXT = RecContext.builder("req").sceneId("home_feed").build();
    static final User USER = new User("user_1");

    private Fixtures() {
    }

    /** Items {@code prefix + i} for i in [from, to), score i, retrieve id {@code recall}. */
    static List<Item> items(String prefix, int from, int to, String recall) {
        List<Item> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Item(prefix + i, recall, i));
        }
        return out;
    }

    static Filter create(FilterFactory factory, Map<String, ?> config) {
        return factory.create(ComponentConfig.of("FilterConfs[0]", config), TestPluginContext.builder().build());
    }

    static List<ConfigException> check(FilterFactory factory, Map<String, ?> config) {
        return factory.check(ComponentConfig.of("FilterConfs[0]", config));
    }

    static List<Item> run(Filter filter, List<Item> items) {
        FilterResult r = filter.filter(CONTEXT, USER, items);
        // kept and removed together are exactly the input
        if (r.kept().size() + r.removed().size() != items.size()) {
            throw new AssertionError("kept " + r.kept().size() + " + removed " + r.removed().size()
                    + " != " + items.size());
        }
        return r.kept();
    }

    /** PAI-Rec's UniqueFilter, as its Go tests run it before the filter under test. */
    static List<Item> unique(List<Item> items) {
        return new UniqueFilter().filter(CONTEXT, USER, items).kept();
    }

    static Map<String, Object> adjust(String recall, String type, int count) {
        return Map.of("RecallName", recall, "Type", type, "Count", count);
    }

    static Map<String, Object> weight(String recall, int weight) {
        return Map.of("RecallName", recall, "Weight", weight);
    }
}
