package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.sort.SortTesting.check;
import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code sort/boost_score_sort_test.go} (TestBoostScoreSort), case by case. */
class BoostScoreSortTest {

    private static Sort sort(Map<String, Object> conf) {
        return SortTesting.create(new BoostScoreSort.Factory(), conf);
    }

    private static Map<String, Object> recallIs(String r) {
        return conf("Name", "recall_name", "Type", "string", "Operator", "equal", "Value", r);
    }

    /** boost_score_sort. */
    @Test
    void boostScoreSort() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String r = i < 10 ? "r1" : "r2";
            Item item = new Item(Integer.toString(i), r, i);
            item.setProperty("recall_name", r);
            items.add(item);
        }
        List<Item> out = run(sort(conf("Debug", true, "BoostScoreConditions", List.of(
                conf("Conditions", List.of(recallIs("r1")), "Expression", "score * 100"),
                conf("Conditions", List.of(recallIs("r2")), "Expression", "score * (-10)")))), 20, items);
        assertThat(out.get(0).score()).isEqualTo(0.0);
        assertThat(out.get(1).score()).isEqualTo(100.0);
        assertThat(out.get(10).score()).isEqualTo(-100.0);
        assertThat(out.get(1).property("org_score")).isEqualTo(1.0);
    }

    /** boost_score_sort_With_round. */
    @Test
    void boostScoreSortWithRound() {
        List<Item> out = run(sort(conf("BoostScoreConditions", List.of(
                conf("Conditions", List.of(), "Expression", "round(score * 3, 2)")))), 1, List.of(new Item("item_1", "", 0.311)));
        assertThat(out.get(0).score()).isEqualTo(0.93);
    }

    /** boost_score_sort_With_round_v2. */
    @Test
    void boostScoreSortWithRoundV2() {
        List<Item> out = run(sort(conf("BoostScoreConditions", List.of(
                conf("Conditions", List.of(), "Expression", "round(score * 3)")))), 1, List.of(new Item("item_1", "", 0.311)));
        assertThat(out.get(0).score()).isEqualTo(1.0);
    }

    @Test
    void theFirstMatchingConditionWinsUnlessFilterAll() {
        Map<String, Object> twice = conf("BoostScoreConditions", List.of(
                conf("Expression", "score + 1"), conf("Expression", "score * 10")));
        assertThat(run(sort(twice), 1, List.of(new Item("a", "", 1))).get(0).score()).isEqualTo(2.0);
        Map<String, Object> all = new java.util.LinkedHashMap<>(twice);
        all.put("BoostScoreConditionsFilterAll", true);
        assertThat(run(sort(all), 1, List.of(new Item("a", "", 1))).get(0).score()).isEqualTo(20.0);
    }

    @Test
    void anItemLackingAVariableKeepsItsScore() {
        Item a = new Item("a", "", 2);
        a.setProperty("ctr", 0.5);
        Item b = new Item("b", "", 3);
        List<Item> out = run(sort(conf("BoostScoreConditions", List.of(conf("Expression", "score * ctr")))), 2, List.of(a, b));
        assertThat(out).extracting(Item::score).containsExactly(1.0, 3.0);
    }

    @Test
    void anExpressionThatDoesNotParseIsRefusedNamingItsKey() {
        assertThat(check(new BoostScoreSort.Factory(), conf("BoostScoreConditions", List.of(conf("Expression", "score *")))))
                .anyMatch(m -> m.startsWith("sort 's' (SortConfs[0]), key BoostScoreConditions[0].Expression: does not parse"));
        assertThat(check(new BoostScoreSort.Factory(), conf("BoostScoreConditions", List.of(conf("Expression", "nope(score)")))))
                .anyMatch(m -> m.contains("unknown function 'nope'"));
    }
}
