package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PAI-Rec's {@code sort/multi_recall_mix_sort_test.go} and {@code sort/mix_sort_strategy_test.go}, case by
 * case. The random ones repeat, as their placement is random.
 */
class MultiRecallMixSortTest {

    private static final Sort BY_SCORE = new ItemRankScore();

    private static Sort sort(Map<String, Object> conf) {
        return SortTesting.create(new MultiRecallMixSort.Factory(), conf);
    }

    /** Items 0..9 of recall r1, 10..19 of r2, scores = ids, then {@code extra} per item. */
    private static List<Item> twoRecalls(boolean withSex) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Item item = new Item(Integer.toString(i), i < 10 ? "r1" : "r2", i);
            if (withSex) {
                item.setProperty("sex", i < 10 ? "man" : "woman");
            }
            out.add(item);
        }
        return out;
    }

    private static List<Item> mixed(Sort s, int size, List<Item> items) {
        return run(s, size, run(BY_SCORE, size, items));
    }

    /** TestFixPositionStrategyByRecallName / fix position. */
    @Test
    void fixPositionByRecallName() {
        List<Integer> positions = List.of(1, 4, 6, 8, 10);
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "fix_position", "Positions", positions,
                "RecallNames", List.of("r1")))));
        for (int size = 10; size < 20; size++) {
            List<Item> out = mixed(s, size, twoRecalls(false));
            int expected = 10;
            for (int pos : positions) {
                assertThat(out.get(pos - 1).retrieveId()).isEqualTo("r1");
                assertThat(out.get(pos - 1).score()).isEqualTo(expected - 1);
                expected--;
            }
            assertThat(out).doesNotContainNull();
        }
    }

    /** TestFixPositionStrategyByRecallName / fix position by order (its condition has no Type). */
    @Test
    void fixPositionByOrder() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Item item = new Item(Integer.toString(i), i < 10 ? "r1" : "r2", i < 10 ? i * 10 : i);
            item.setProperty("tag", i < 10 ? "tag1" : "tag2");
            items.add(item);
        }
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "fix_position", "Positions", List.of(1, 3),
                "RecallNames", List.of("r1"), "Conditions", List.of(conf("Name", "tag", "Operator", "equal", "Value", "tag1",
                        "Domain", "item"))))));
        List<Item> out = mixed(s, 10, items);
        assertThat(out.get(0).retrieveId()).isEqualTo("r1");
        assertThat(out.get(0).score()).isEqualTo(90.0);
        assertThat(out.get(1).score()).isEqualTo(70.0);
        assertThat(out.get(2).score()).isEqualTo(80.0);
        assertThat(out).doesNotContainNull();
    }

    /** TestRandomPositionStrategyByRecallName. */
    @RepeatedTest(5)
    void randomPositionByRecallName() {
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "random_position", "NumberRate", 0.3,
                "RecallNames", List.of("r1")))));
        for (int size = 10; size <= 20; size++) {
            List<Item> out = mixed(s, size, twoRecalls(false));
            assertThat(out).hasSize(size).doesNotContainNull();
            assertThat(out.stream().filter(i -> i.retrieveId().equals("r1")).count()).isGreaterThanOrEqualTo((long) (size * 0.3));
        }
    }

    /** TestRemainItemByRecallName. */
    @RepeatedTest(5)
    void remainItemByRecallName() {
        Sort s = sort(conf("RemainItem", true, "MixSortRules", List.of(
                conf("MixStrategy", "random_position", "NumberRate", 0.1, "RecallNames", List.of("r1", "r4")),
                conf("MixStrategy", "random_position", "NumberRate", 0.1, "RecallNames", List.of("r2")))));
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(new Item(Integer.toString(i), "r" + (i / 10 + 1), i));
        }
        for (int size = 10; size <= 30; size++) {
            List<Item> out = mixed(s, size, items);
            assertThat(out).hasSize(items.size()).doesNotContainNull().doesNotHaveDuplicates();
        }
    }

    /** TestFixPositionStrategyByCondition. */
    @Test
    void fixPositionByCondition() {
        List<Integer> positions = List.of(1, 4, 6, 8, 10);
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "fix_position", "Positions", positions,
                "Conditions", List.of(conf("Name", "sex", "Type", "string", "Value", "man", "Domain", "item", "Operator", "equal"))))));
        for (int size = 10; size < 20; size++) {
            List<Item> out = mixed(s, size, twoRecalls(true));
            for (int pos : positions) {
                assertThat(out.get(pos - 1).stringProperty("sex")).isEqualTo("man");
            }
            assertThat(out).doesNotContainNull();
        }
    }

    /** TestRandomPositionStrategyByCondition. */
    @RepeatedTest(5)
    void randomPositionByCondition() {
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "random_position", "NumberRate", 0.3,
                "Conditions", List.of(conf("Name", "sex", "Type", "string", "Value", "man", "Operator", "equal"))))));
        for (int size = 10; size <= 20; size++) {
            assertThat(mixed(s, size, twoRecalls(true))).hasSize(size).doesNotContainNull();
        }
    }

    /** TestRemainItemByCondition. */
    @RepeatedTest(5)
    void remainItemByCondition() {
        Sort s = sort(conf("RemainItem", true, "MixSortRules", List.of(
                conf("MixStrategy", "random_position", "NumberRate", 0.1, "Conditions",
                        List.of(conf("Name", "sex", "Type", "string", "Value", "man", "Operator", "equal"))),
                conf("MixStrategy", "random_position", "NumberRate", 0.1, "Conditions",
                        List.of(conf("Name", "sex", "Type", "string", "Value", "woman", "Operator", "equal"))))));
        for (int size = 10; size <= 30; size++) {
            List<Item> items = twoRecalls(true);
            List<Item> out = mixed(s, size, items);
            // fewer items than the size leaves the list as it is
            assertThat(out).hasSize(items.size()).doesNotContainNull().doesNotHaveDuplicates();
        }
    }

    /**
     * mix_sort_strategy_test.go TestRandomPositionStrategyDeadLoop: five random items find every position
     * taken (here by a fix_position rule) and the placement ends instead of looping.
     */
    @Test
    void randomPositionStrategyDeadLoop() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(new Item(Character.toString('x' + i), "r0", 0));
            items.add(new Item(Character.toString('a' + i), "r1", 0));
        }
        Sort s = sort(conf("MixSortRules", List.of(
                conf("MixStrategy", "fix_position", "Positions", List.of(1, 2, 3, 4, 5), "RecallNames", List.of("r0")),
                conf("MixStrategy", "random_position", "Number", 5, "RecallNames", List.of("r1")))));
        assertThat(run(s, 5, items)).extracting(Item::id).containsExactly("x", "y", "z", "{", "|");
    }

    /** mix_sort_strategy_test.go TestRandomPositionStrategyPartialFilled: three of ten positions taken at random. */
    @RepeatedTest(5)
    void randomPositionStrategyPartialFilled() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(new Item(Integer.toString(i), i < 3 ? "r1" : "r2", 0));
        }
        Sort s = sort(conf("MixSortRules", List.of(conf("MixStrategy", "random_position", "Number", 3,
                "RecallNames", List.of("r1")))));
        List<Item> out = run(s, 10, items);
        assertThat(out).hasSize(10).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(out.stream().filter(i -> i.retrieveId().equals("r1")).count()).isEqualTo(3);
    }

    @Test
    void badRulesAreRefused() {
        assertThat(SortTesting.check(new MultiRecallMixSort.Factory(), conf("MixSortRules", List.of(
                conf("MixStrategy", "somewhere", "RecallNames", List.of("r1"), "Positions", List.of(0))))))
                .anyMatch(m -> m.contains("key MixSortRules[0].MixStrategy: unknown strategy 'somewhere'"))
                .anyMatch(m -> m.contains("key MixSortRules[0].Positions"));
    }
}
