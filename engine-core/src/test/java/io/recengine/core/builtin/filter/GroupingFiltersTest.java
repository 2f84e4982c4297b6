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
import static io.recengine.core.builtin.filter.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DimensionFieldUniqueFilter, DiversityAdjustCountFilter and GroupWeightCountFilter have no Go tests in
 * PAI-Rec; these cases are worked by hand from {@code filter/dimension_field_unique_filter.go},
 * {@code filter/diversity_adjust_count_filter.go} and {@code filter/group_weight_count_filter.go}.
 */
class GroupingFiltersTest {

    private static Item item(String id, double score, Object... properties) {
        Item it = new Item(id, "r", score);
        for (int i = 0; i < properties.length; i += 2) {
            it.setProperty((String) properties[i], properties[i + 1]);
        }
        return it;
    }

    @Test
    void dimensionFieldUniqueKeepsTheFirstOfEachValueAndEveryItemWithoutOne() {
        Filter f = create(new DimensionFieldUniqueFilter.Factory(), Map.of("Name", "u", "Dimension", "cat"));
        List<Item> out = run(f, List.of(item("a", 1, "cat", "x"), item("b", 1, "cat", "y"), item("c", 1, "cat", "x"),
                item("d", 1), item("e", 1, "cat", ""), item("f", 1, "cat", "y"), item("g", 1, "cat", 7),
                item("h", 1, "cat", 7L)));
        assertThat(out).extracting(Item::id).containsExactly("a", "b", "d", "e", "g");
        assertThat(check(new DimensionFieldUniqueFilter.Factory(), Map.of("Name", "u")))
                .extracting(ConfigException::key).containsExactly("Dimension");
    }

    private static Map<String, Object> entry(String type, int count, String expression) {
        return Map.of("Type", type, "Count", count, "Expression", expression, "RecallName", "any");
    }

    @Test
    void diversityAdjustCountSelectsByExpressionAndPlacesEachItemOnce() {
        Filter f = create(new DiversityAdjustCountFilter.Factory(), Map.of("Name", "d", "AdjustCountConfs", List.of(
                entry("fix", 2, "cat == 1"), entry("accumulator", 2, "cat == 2"), entry("accumulator", 4, "1"))));
        List<Item> items = List.of(item("i7", 3, "cat", 2), item("i1", 9, "cat", 1), item("i2", 8, "cat", 2),
                item("i3", 7, "cat", 1), item("i4", 6, "cat", 1), item("i5", 5, "cat", 2), item("i6", 4, "cat", 2));
        // the last entry looks at its first 4 - 2 = 2 matches (i1, i2), both placed already: it adds none
        assertThat(run(f, items)).extracting(Item::id).containsExactly("i1", "i3", "i2", "i5");
    }

    @Test
    void diversityAdjustCountSeesTheRecallScore() {
        Filter f = create(new DiversityAdjustCountFilter.Factory(), Map.of("Name", "d", "AdjustCountConfs",
                List.of(entry("fix", 10, "recall_score > 5"))));
        assertThat(run(f, List.of(item("a", 4), item("b", 9), item("c", 6)))).extracting(Item::id)
                .containsExactly("b", "c");
    }

    @Test
    void diversityAdjustCountRefusesBadEntries() {
        List<ConfigException> problems = check(new DiversityAdjustCountFilter.Factory(), Map.of("Name", "d",
                "AdjustCountConfs", List.of(Map.of("RecallName", "x", "Type", "accumulator", "Count", 5),
                        entry("accumulator", 3, "cat >"))));
        assertThat(problems).extracting(ConfigException::key).containsExactly("Expression", "Expression", "Count");
        assertThat(problems.get(1).getMessage()).contains("AdjustCountConfs[1]").contains("does not parse");
        assertThat(problems.get(2).getMessage()).contains(">= the previous one's 5, got 3");
    }

    @Test
    void groupWeightSoftmaxWithEqualWeightsSharesEvenlyThenTopsUp() {
        Filter f = create(new GroupWeightCountFilter.Factory(), Map.of("Name", "g", "RetainNum", 6,
                "Dimension", "cat"));
        List<Item> items = List.of(item("a1", 1, "cat", "A"), item("b1", 1, "cat", "B"), item("c1", 1, "cat", "C"),
                item("a2", 1, "cat", "A"), item("b2", 1, "cat", "B"), item("a3", 1, "cat", "A"),
                item("b3", 1, "cat", "B"), item("a4", 1, "cat", "A"));
        // ScoreWeight 0: every group weighs exp(0); round(6 / 3) = 2 each, C has 1, one more from A
        assertThat(run(f, items)).extracting(Item::id).containsExactly("a1", "a2", "a3", "b1", "b2", "c1");
    }

    @Test
    void groupWeightAvgCapsAHeavyGroupAndSharesTheRest() {
        Filter f = create(new GroupWeightCountFilter.Factory(), Map.of("Name", "g", "RetainNum", 6,
                "Dimension", "cat", "GroupWeightStrategy", "avg", "ScoreWeight", 1, "GroupMaxNum", 3));
        List<Item> items = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            items.add(item("a" + i, 10, "cat", "A"));
        }
        items.addAll(List.of(item("b1", 1, "cat", "B"), item("b2", 1, "cat", "B"), item("b3", 1, "cat", "B"),
                item("c1", 1), item("c2", 1)));
        // A: round(6 * 50/55) = 5 >= 3, capped at 3; B and C share 3: round(3 * 3/5) = 2, round(3 * 2/5) = 1
        assertThat(run(f, items)).extracting(Item::id).containsExactly("a1", "a2", "a3", "b1", "b2", "c1");
    }

    @Test
    void groupWeightLimitsOtherDimensionsFirstAndKeepsAllWhenFewEnough() {
        Filter f = create(new GroupWeightCountFilter.Factory(), Map.of("Name", "g", "RetainNum", 2,
                "Dimension", "cat", "GroupWeightDimensionLimit", Map.of("brand", 1)));
        List<Item> items = List.of(item("x1", 1, "brand", "p", "cat", "A"), item("x2", 1, "brand", "p", "cat", "A"),
                item("x3", 1, "brand", "q", "cat", "B"), item("x4", 1, "brand", "r", "cat", "B"));
        assertThat(run(f, items)).extracting(Item::id).containsExactly("x1", "x3");
        assertThat(run(f, items.subList(0, 2))).extracting(Item::id).containsExactly("x1", "x2");
    }

    @Test
    void groupWeightRefusesBadSettings() {
        assertThat(check(new GroupWeightCountFilter.Factory(), Map.of("Name", "g", "RetainNum", -1,
                "GroupWeightStrategy", "max", "GroupMinNum", 5, "GroupMaxNum", 2,
                "GroupWeightDimensionLimit", Map.of("brand", "one"))))
                .extracting(ConfigException::key).containsExactly("RetainNum", "Dimension", "GroupMinNum",
                        "GroupWeightStrategy", "GroupWeightDimensionLimit.brand");
    }
}
