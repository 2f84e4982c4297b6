package io.recengine.core.builtin.filter;

import io.recengine.core.expr.Conditions;
import io.recengine.core.builtin.AdjustCountFilter;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.recengine.core.builtin.filter.Fixtures.CONTEXT;
import static io.recengine.core.builtin.filter.Fixtures.check;
import static io.recengine.core.builtin.filter.Fixtures.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PAI-Rec's {@code filter/condition_filter_test.go}, case by case, plus hand-worked cases. */
class ConditionFilterTest {

    private final Map<String, Filter> named = new HashMap<>();
    private final FilterLookup lookup = name -> Optional.ofNullable(named.get(name));

    ConditionFilterTest() {
        TestPluginContext ctx = TestPluginContext.builder().build();
        named.put("adjustCountFilter", new AdjustCountFilter.Factory().create(ComponentConfig.of("a",
                Map.of("Name", "adjustCountFilter", "RetainNum", 10, "ShuffleItem", false)), ctx));
        named.put("fairCountFilter", new CompletelyFairFilter.Factory().create(ComponentConfig.of("f",
                Map.of("Name", "fairCountFilter", "RetainNum", 10)), ctx));
    }

    private Filter condition(Map<String, Object> conditionFilterConfs) {
        return new ConditionFilter.Factory().create(ComponentConfig.of("FilterConfs[0]", Map.of("Name", "cond",
                        "FilterType", "ConditionFilter", "ConditionFilterConfs", conditionFilterConfs)),
                TestPluginContext.builder().service(FilterLookup.class, lookup).build());
    }

    private static Map<String, Object> route(String queryValue, String filterName) {
        return Map.of("Conditions", List.of(Map.of("Name", "query", "Type", "string", "Domain", "user",
                "Operator", "equal", "Value", queryValue)), "FilterName", filterName);
    }

    private static List<Item> input() {
        List<Item> items = new ArrayList<>(items("item_a_", 0, 10, "recall1"));
        for (int i = 0; i < 10; i++) {
            items.add(new Item("item_b_" + i, "recall2", 0));
        }
        return items;
    }

    private static List<Item> run(Filter f, String query) {
        User user = new User("user_1");
        user.setProperty("query", query);
        return f.filter(CONTEXT, user, input()).kept();
    }

    /** TestConditionFilterInit: a condition without Value builds. */
    @Test
    void conditionFilterInit() {
        Filter f = condition(Map.of("FilterConfs", List.of(Map.of("Conditions", List.of(Map.of("Name", "query",
                "Type", "string", "Domain", "user", "Operator", "equal")), "FilterName", "filter1")),
                "DefaultFilterName", "filter2"));
        assertThat(f).isNotNull();
    }

    /** TestConditionFilterMatch: a matching route, else the default. */
    @Test
    void conditionFilterMatch() {
        Filter f = condition(Map.of("FilterConfs", List.of(route("1", "adjustCountFilter")),
                "DefaultFilterName", "fairCountFilter"));
        List<Item> out = run(f, "1");
        assertThat(out).hasSize(10).extracting(Item::retrieveId).containsOnly("recall1");
        out = run(f, "2");
        assertThat(out).hasSize(10);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo(i % 2 == 0 ? "recall1" : "recall2");
        }
    }

    /** TestConditionFilterMatch2: the first matching of two routes. */
    @Test
    void conditionFilterMatch2() {
        Filter f = condition(Map.of("FilterConfs", List.of(route("1", "adjustCountFilter"),
                route("2", "fairCountFilter"))));
        assertThat(run(f, "1")).hasSize(10).extracting(Item::retrieveId).containsOnly("recall1");
        List<Item> out = run(f, "2");
        assertThat(out).hasSize(10);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo(i % 2 == 0 ? "recall1" : "recall2");
        }
    }

    /** Hand-worked: no route matches and no default: every item stays, in order. */
    @Test
    void noMatchAndNoDefaultKeepsAll() {
        Filter f = condition(Map.of("FilterConfs", List.of(route("1", "adjustCountFilter"))));
        List<Item> in = input();
        assertThat(f.filter(CONTEXT, new User("u"), in).kept()).containsExactlyElementsOf(in);
    }

    @Test
    void anUnknownFilterNameFailsTheFilterWithItsName() {
        Filter f = condition(Map.of("DefaultFilterName", "nope"));
        assertThatThrownBy(() -> f.filter(CONTEXT, new User("u"), input())).isInstanceOf(ComponentException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void aCycleIsStoppedNotOverflowed() {
        named.put("cond", condition(Map.of("DefaultFilterName", "cond")));
        assertThatThrownBy(() -> named.get("cond").filter(CONTEXT, new User("u"), input()))
                .isInstanceOf(ComponentException.class).hasMessageContaining("nest deeper");
    }

    @Test
    void badConfigsAreRefused() {
        assertThat(check(new ConditionFilter.Factory(), Map.of("Name", "cond")))
                .extracting(ConfigException::key).containsExactly("FilterConfs");
        assertThat(check(new ConditionFilter.Factory(), Map.of("Name", "cond", "ConditionFilterConfs",
                Map.of("FilterConfs", List.of(Map.of("Conditions", List.of(Map.of("Name", "q", "Operator", "like")))))))
        ).extracting(ConfigException::getMessage).containsExactly(
                "filter 'cond' (FilterConfs[0]) ConditionFilterConfs.FilterConfs[0], key FilterName: is required",
                "filter 'cond' (FilterConfs[0]) ConditionFilterConfs.FilterConfs[0] Conditions[0], key Operator: "
                        + "unknown operator 'like'; known: " + Conditions.OPERATORS);
    }
}
