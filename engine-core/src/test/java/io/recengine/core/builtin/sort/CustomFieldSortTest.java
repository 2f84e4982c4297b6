package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.ids;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code sort/custom_field_sort_test.go}, case by case. */
class CustomFieldSortTest {

    private static CustomFieldSort sort(Map<String, Object> conf) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(conf);
        m.put("Name", "testSort");
        return (CustomFieldSort) new CustomFieldSort.Factory().create(ComponentConfig.of("SortConfs[0]", m),
                TestPluginContext.builder().build());
    }

    private static Item price(String id, double price) {
        Item i = new Item(id);
        i.setProperty("price", price);
        return i;
    }

    private static List<Item> prices() {
        return List.of(price("1", 100), price("2", 300), price("3", 200), price("4", 50));
    }

    /** TestNewCustomFieldSort. */
    @Test
    void newCustomFieldSort() {
        CustomFieldSort s = sort(conf("SortByField", "price"));
        assertThat(s.field()).isEqualTo("price");
        assertThat(s.ascending()).isFalse();
        assertThat(sort(conf("SortByField", "price", "SortOrder", "asc")).ascending()).isTrue();
        assertThat(sort(conf("SortByField", "price", "SortOrder", "ASC")).ascending()).isTrue();
        assertThat(sort(conf("SortByField", "price", "SortOrder", "invalid")).ascending()).isFalse();
        assertThat(sort(conf("SortByField", "", "SortOrder", "desc")).field()).isEqualTo("current_score");
    }

    /** TestCustomFieldSort_Sort_Desc. */
    @Test
    void sortDesc() {
        assertThat(ids(run(sort(conf("SortByField", "price", "SortOrder", "desc")), 4, prices()))).isEqualTo(ids("2 3 1 4"));
    }

    /** TestCustomFieldSort_Sort_Asc. */
    @Test
    void sortAsc() {
        assertThat(ids(run(sort(conf("SortByField", "price", "SortOrder", "asc")), 4, prices()))).isEqualTo(ids("4 1 3 2"));
    }

    /** TestCustomFieldSort_Sort_ByCurrentScore. */
    @Test
    void sortByCurrentScore() {
        Sort s = sort(conf("SortByField", "current_score", "SortOrder", "desc"));
        assertThat(ids(run(s, 3, List.of(new Item("1", "", 10), new Item("2", "", 30), new Item("3", "", 20)))))
                .isEqualTo(ids("2 3 1"));
    }

    /**
     * TestCustomFieldSort_Sort_InvalidDataType: Go passes a string where the item list belongs; Java's types rule
     * that out, so the case here is the nearest one that can happen: an item without the field sorts by its score.
     */
    @Test
    void anItemWithoutTheFieldSortsByItsScore() {
        Item noPrice = new Item("5", "", 150);
        List<Item> in = new java.util.ArrayList<>(prices());
        in.add(noPrice);
        assertThat(ids(run(sort(conf("SortByField", "price")), 5, in))).isEqualTo(ids("2 3 5 1 4"));
    }

    @Test
    void anAlgoScoreComesBeforeAProperty() {
        Item a = price("a", 1);
        a.setAlgoScore("price", 9);
        assertThat(ids(run(sort(conf("SortByField", "price")), 2, List.of(price("b", 5), a)))).isEqualTo(ids("a b"));
    }
}
