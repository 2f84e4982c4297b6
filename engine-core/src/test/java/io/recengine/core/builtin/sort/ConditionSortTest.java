package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code sort/condition_sort_test.go}, case by case. */
class ConditionSortTest {

    /** PAI-Rec's mockSort: records that it ran. */
    private static final class Recording implements Sort {
        boolean called;

        @Override
        public List<Item> sort(RecContext context, User user, List<Item> items) {
            called = true;
            return new ArrayList<>(items);
        }
    }

    private final Map<String, Sort> registered = new HashMap<>();

    private Sort conditionSort(Map<String, Object> conf) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(conf);
        m.put("Name", "test_condition_sort");
        m.put("SortType", "ConditionSort");
        SortLookup lookup = n -> Optional.ofNullable(registered.get(n));
        return new ConditionSort.Factory().create(ComponentConfig.of("SortConfs[0]", m),
                TestPluginContext.builder().service(SortLookup.class, lookup).build());
    }

    private static Map<String, Object> userIs(String name, String type, Object value) {
        return conf("Name", name, "Domain", "user", "Operator", "equal", "Type", type, "Value", value);
    }

    private static List<Item> items() {
        return List.of(new Item("item1", "", 1.0), new Item("item2", "", 2.0));
    }

    /** TestConditionSort_NoConditionMatch_UsesDefault. */
    @Test
    void noConditionMatchUsesDefault() {
        Recording def = new Recording();
        registered.put("test_default_sort", def);
        Sort s = conditionSort(conf("ConditionSortConfs", conf("SortConfs", List.of(conf("Conditions",
                List.of(userIs("user_level", "string", "vip")), "SortName", "vip_sort")), "DefaultSortName", "test_default_sort")));
        User u = new User("test_user");
        u.setProperty("user_level", "normal");
        run(s, 10, u, items());
        assertThat(def.called).isTrue();
    }

    /** TestConditionSort_ConditionMatch_UsesMatchedSort. */
    @Test
    void conditionMatchUsesMatchedSort() {
        Recording vip = new Recording();
        Recording def = new Recording();
        registered.put("test_vip_sort", vip);
        registered.put("test_default_sort_2", def);
        Sort s = conditionSort(conf("ConditionSortConfs", conf("SortConfs", List.of(conf("Conditions",
                List.of(userIs("user_level", "string", "vip")), "SortName", "test_vip_sort")), "DefaultSortName", "test_default_sort_2")));
        User u = new User("test_user");
        u.setProperty("user_level", "vip");
        run(s, 10, u, items());
        assertThat(vip.called).isTrue();
        assertThat(def.called).isFalse();
    }

    /** TestConditionSort_NoConditions_NoDefault: a no-op. */
    @Test
    void noConditionsNoDefault() {
        Sort s = conditionSort(conf());
        assertThat(run(s, 10, new User("test_user"), List.of(new Item("item1", "", 1.0)))).extracting(Item::id)
                .containsExactly("item1");
    }

    /** TestConditionSort_MultipleConditions_FirstMatch. */
    @Test
    void multipleConditionsFirstMatch() {
        Recording vip = new Recording();
        Recording newUser = new Recording();
        Recording def = new Recording();
        registered.put("test_vip_sort_3", vip);
        registered.put("test_new_user_sort", newUser);
        registered.put("test_default_sort_3", def);
        Sort s = conditionSort(conf("ConditionSortConfs", conf("SortConfs", List.of(
                conf("Conditions", List.of(userIs("user_level", "string", "vip")), "SortName", "test_vip_sort_3"),
                conf("Conditions", List.of(userIs("is_new_user", "int", 1)), "SortName", "test_new_user_sort")),
                "DefaultSortName", "test_default_sort_3")));
        User u = new User("test_user");
        u.setProperty("user_level", "vip");
        u.setProperty("is_new_user", 1);
        run(s, 10, u, items());
        assertThat(vip.called).isTrue();
        assertThat(newUser.called).isFalse();
        assertThat(def.called).isFalse();
    }
}
