package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.filter.Fixtures.check;
import static io.recengine.core.builtin.filter.Fixtures.create;
import static io.recengine.core.builtin.filter.Fixtures.items;
import static io.recengine.core.builtin.filter.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

class CompletelyFairFilterTest {

    private static Filter filter(int retain) {
        return create(new CompletelyFairFilter.Factory(), Map.of("Name", "fair", "RetainNum", retain));
    }

    /** PAI-Rec's TestCompletelyFairCountFilter (completely_fair_count_filter_test.go). */
    @Test
    void completelyFairCountFilter() {
        List<Item> items = new ArrayList<>(items("item_a_", 0, 10, "recall1"));
        for (int i = 0; i < 10; i++) {
            items.add(new Item("item_b_" + i, "recall2", 0));
        }
        List<String> recalls = List.of("recall1", "recall2");
        List<Item> out = run(filter(10), items);
        assertThat(out).hasSize(10);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo(recalls.get(i % 2));
        }
        out = run(filter(100), items);
        assertThat(out).hasSize(20);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).retrieveId()).isEqualTo(recalls.get(i % 2));
        }
    }

    /** Hand-worked from the Go code: a spent recall's slot goes to the last recall of the rotation. */
    @Test
    void aSpentRecallIsReplacedByTheLastOne() {
        List<Item> items = new ArrayList<>();
        items.add(new Item("a1", "A", 9));
        items.addAll(List.of(new Item("b1", "B", 8), new Item("b2", "B", 2), new Item("b3", "B", 1)));
        items.addAll(List.of(new Item("c1", "C", 7), new Item("c2", "C", 3), new Item("c3", "C", 0.5)));
        // rotation A B C; a1 spends A and C takes its slot: rotation C B, the count goes on at slot 1 (B)
        assertThat(run(filter(7), items)).extracting(Item::id)
                .containsExactly("a1", "b1", "c1", "b2", "c2", "b3", "c3");
    }

    @Test
    void retainNumIsRequiredAndPositive() {
        assertThat(check(new CompletelyFairFilter.Factory(), Map.of("Name", "fair")))
                .extracting(ConfigException::key).containsExactly("RetainNum");
        assertThat(check(new CompletelyFairFilter.Factory(), Map.of("Name", "fair", "RetainNum", -3)))
                .extracting(ConfigException::getMessage)
                .containsExactly("filter 'fair' (FilterConfs[0]), key RetainNum: want an integer >= 1, got number -3");
    }
}
