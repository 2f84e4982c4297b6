package io.recengine.core.builtin.filter;

import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.filter.Fixtures.adjust;
import static io.recengine.core.builtin.filter.Fixtures.create;
import static io.recengine.core.builtin.filter.Fixtures.items;
import static io.recengine.core.builtin.filter.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code filter/priority_adjust_count_filter_v2_test.go}, case by case. */
class PriorityAdjustCountFilterV2Test {

    private static Filter filter(String type, int count) {
        return create(new PriorityAdjustCountFilterV2.Factory(), Map.of("Name", "PAF_fix",
                "FilterType", "PriorityAdjustCountFilterV2",
                "AdjustCountConfs", List.of(adjust("u2i", type, count), adjust("hot", type, count))));
    }

    private static List<Item> hotThenU2i() {
        List<Item> items = new ArrayList<>(items("item_a_", 0, 10, "hot"));
        items.addAll(items("item_b_", 0, 10, "u2i"));
        return items;
    }

    /** TestPriorityAdjustCountFilterV2_FixCount. */
    @Test
    void fixCount() {
        List<Item> out = run(filter("fix", 5), hotThenU2i());
        assertThat(out).hasSize(10);
        for (int i = 0; i < 5; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("u2i");
            assertThat(out.get(i).id()).isEqualTo("item_b_" + (9 - i));
        }
        for (int i = 5; i < 10; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("hot");
            assertThat(out.get(i).id()).isEqualTo("item_a_" + (14 - i));
        }
    }

    /** TestPriorityAdjustCountFilterV2_AccumulateCount. */
    @Test
    void accumulateCount() {
        List<Item> out = run(filter("accumulator", 15), hotThenU2i());
        assertThat(out).hasSize(15);
        for (int i = 0; i < 10; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("u2i");
            assertThat(out.get(i).id()).isEqualTo("item_b_" + (9 - i));
        }
        for (int i = 10; i < 15; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("hot");
            assertThat(out.get(i).id()).isEqualTo("item_a_" + (19 - i));
        }
    }

    /** TestPriorityAdjustCountFilterV2_AccumulateCount_Unique: UniqueFilter first, a shared item. */
    @Test
    void accumulateCountAfterUnique() {
        List<Item> items = new ArrayList<>(items("item_a_", 0, 10, "hot"));
        items.add(new Item("item_a&b", "hot", -1));
        items.addAll(items("item_b_", 0, 10, "u2i"));
        items.add(new Item("item_a&b", "u2i", 11));

        List<Item> out = run(filter("accumulator", 15), Fixtures.unique(items));
        assertThat(out).hasSize(15);
        assertThat(out.get(0).id()).isEqualTo("item_a&b");
        assertThat(out.get(0).retrieveId()).isEqualTo("u2i");
        assertThat(out.get(0).score()).isEqualTo(11.0);
        for (int i = 1; i < 11; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("u2i");
            assertThat(out.get(i).id()).isEqualTo("item_b_" + (10 - i));
        }
        for (int i = 11; i < 15; i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo("hot");
            assertThat(out.get(i).id()).isEqualTo("item_a_" + (20 - i));
        }
    }
}
