package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.filter.Fixtures.adjust;
import static io.recengine.core.builtin.filter.Fixtures.check;
import static io.recengine.core.builtin.filter.Fixtures.create;
import static io.recengine.core.builtin.filter.Fixtures.items;
import static io.recengine.core.builtin.filter.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PAI-Rec's {@code PriorityAdjustCountFilter} has no Go test; cases worked by hand from
 * {@code filter/priority_adjust_count_filter.go} (without EnsureDiversity).
 */
class PriorityAdjustCountFilterTest {

    private static List<Item> input() {
        List<Item> items = new ArrayList<>(items("a", 0, 10, "hot"));
        items.addAll(items("b", 0, 10, "u2i"));
        items.addAll(items("c", 0, 10, "other"));
        return items;
    }

    private static Filter filter(Map<String, Object>... counts) {
        return create(new PriorityAdjustCountFilter.Factory(), Map.of("Name", "paf",
                "FilterType", "PriorityAdjustCountFilter", "AdjustCountConfs", List.of(counts)));
    }

    @Test
    void fixEntriesTakeTheirCountEachInEntryOrderAndDropOtherRecalls() {
        List<Item> out = run(filter(adjust("u2i", "fix", 3), adjust("hot", "fix", 2)), input());
        assertThat(out).extracting(Item::id).containsExactly("b9", "b8", "b7", "a9", "a8");
    }

    @Test
    void accumulatorEntriesFillARunningTotal() {
        // u2i fills up to 4; hot fills the total up to 6; fix entries do not count toward the total
        List<Item> out = run(filter(adjust("u2i", "accumulator", 4), adjust("other", "fix", 1),
                adjust("hot", "accumulator", 6)), input());
        assertThat(out).extracting(Item::id).containsExactly("b9", "b8", "b7", "b6", "c9", "a9", "a8");
    }

    @Test
    void aShortRecallGivesWhatItHas() {
        List<Item> items = new ArrayList<>(items("a", 0, 2, "hot"));
        items.addAll(items("b", 0, 10, "u2i"));
        List<Item> out = run(filter(adjust("hot", "accumulator", 5), adjust("u2i", "accumulator", 5)), items);
        assertThat(out).extracting(Item::id).containsExactly("a1", "a0", "b9", "b8", "b7");
    }

    @Test
    void badConfigsAreRefusedWithComponentKeyAndExpectation() {
        assertThat(check(new PriorityAdjustCountFilter.Factory(), Map.of("Name", "paf")))
                .extracting(ConfigException::getMessage)
                .containsExactly("filter 'paf' (FilterConfs[0]), key AdjustCountConfs: want at least one "
                        + "{\"RecallName\", ...} entry, got none");
        List<ConfigException> problems = check(new PriorityAdjustCountFilter.Factory(), Map.of("Name", "paf",
                "AdjustCountConfs", List.of(Map.of("RecallName", "u2i", "Type", "fixed", "Count", -1)),
                "EnsureDiversity", true));
        assertThat(problems).extracting(ConfigException::key).containsExactly("Count", "Type", "EnsureDiversity");
        assertThat(problems.get(0).getMessage()).contains("AdjustCountConfs[0]").contains(">= 0").contains("-1");
        assertThat(problems.get(1).getMessage()).contains("\"fix\" or \"accumulator\"").contains("\"fixed\"");
        assertThatThrownBy(() -> filter(adjust("u2i", "sum", 1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key Type");
    }
}
