package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Shared helpers of the sort tests: items as PAI-Rec's tests build them, configs from maps. */
final class SortTesting {

    private SortTesting() {
    }

    /** {@code n} items with ids "0".."n-1", score i, retrieve id r1, properties from {@code props}. */
    static List<Item> items(int n, IntFunction<Map<String, Object>> props) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Item item = new Item(Integer.toString(i), "r1", i);
            Map<String, Object> p = props.apply(i);
            if (p != null) {
                item.setProperties(p);
            }
            out.add(item);
        }
        return out;
    }

    static Map<String, Object> conf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Sort create(SortFactory f, Map<String, Object> conf) {
        Map<String, Object> m = new LinkedHashMap<>(conf);
        m.putIfAbsent("Name", "s");
        m.putIfAbsent("SortType", f.type());
        return f.create(ComponentConfig.of("SortConfs[0]", m), TestPluginContext.builder().build());
    }

    static List<String> check(SortFactory f, Map<String, Object> conf) {
        Map<String, Object> m = new LinkedHashMap<>(conf);
        m.putIfAbsent("Name", "s");
        m.putIfAbsent("SortType", f.type());
        return f.check(ComponentConfig.of("SortConfs[0]", m)).stream().map(ConfigException::getMessage).toList();
    }

    static List<Item> run(Sort s, int size, List<Item> items) {
        return run(s, size, new User("u1"), items);
    }

    static List<Item> run(Sort s, int size, User user, List<Item> items) {
        return s.sort(RecContext.builder("req").size(size).build(), user, items);
    }

    static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    static List<String> ids(String spaced) {
        return List.of(spaced.split(" "));
    }
}
