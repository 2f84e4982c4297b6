package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.recengine.core.builtin.filter.Fixtures.check;
import static io.recengine.core.builtin.filter.Fixtures.create;
import static io.recengine.core.builtin.filter.Fixtures.items;
import static io.recengine.core.builtin.filter.Fixtures.run;
import static io.recengine.core.builtin.filter.Fixtures.unique;
import static io.recengine.core.builtin.filter.Fixtures.weight;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code filter/snake_filter_test.go}, case by case. */
class SnakeFilterTest {

    private static final List<String> ABC = List.of("recall_A", "recall_B", "recall_C");

    private static Filter snake(int retain, int[] weights, String snakeType) {
        List<Object> confs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            confs.add(weight(ABC.get(i), weights[i]));
        }
        Map<String, Object> c = new java.util.HashMap<>(Map.of("Name", "snake_filter", "FilterType", "SnakeFilter",
                "RetainNum", retain, "AdjustCountConfs", confs));
        if (snakeType != null) {
            c.put("SnakeType", snakeType);
        }
        return create(new SnakeFilter.Factory(), c);
    }

    private static List<Item> threeRecalls() {
        List<Item> items = new ArrayList<>(items("item_", 0, 100, "recall_A"));
        items.addAll(items("item_", 100, 200, "recall_B"));
        items.addAll(items("item_", 200, 300, "recall_C"));
        return items;
    }

    /** Go's check: the list is whole rounds of Weight items of each recall, in config order. */
    private static void assertRounds(List<Item> out, int[] weights) {
        int at = 0;
        while (at < out.size()) {
            for (int i = 0; i < weights.length; i++) {
                // Go reads the last round past the answer's length (into the slice's capacity); the
                // answer itself is what counts here
                for (int k = at; k < Math.min(at + weights[i], out.size()); k++) {
                    assertThat(out.get(k).retrieveId()).as("item %d", k).isEqualTo(ABC.get(i));
                }
                at += weights[i];
            }
        }
    }

    private static List<Item> shuffledUnique(List<Item> items) {
        Collections.shuffle(items, new Random(7));
        return unique(items);
    }

    /** TestSnakeItemIterator: one recall ranks by score, turns of 3 give the items best first. */
    @Test
    void snakeItemIterator() {
        Filter f = create(new SnakeFilter.Factory(), Map.of("Name", "s", "RetainNum", 10,
                "AdjustCountConfs", List.of(weight("test", 3))));
        List<Item> out = run(f, items("item_", 0, 10, "test"));
        assertThat(out).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(out.get(i).id()).isEqualTo("item_" + (9 - i));
        }
    }

    /** TestSnakeFilter "test snake filter". */
    @Test
    void snakeFilter() {
        List<Item> out = run(snake(30, new int[] {1, 1, 1}, null), threeRecalls());
        assertThat(out).hasSize(30);
        int index = 0;
        for (int i = 99; i >= 90; i--) {
            assertThat(out.get(index).id()).isEqualTo("item_" + i);
            assertThat(out.get(index + 1).id()).isEqualTo("item_" + (i + 100));
            assertThat(out.get(index + 2).id()).isEqualTo("item_" + (i + 200));
            index += 3;
        }
        assertThat(out.get(0).property("snake_filter")).isEqualTo("recall_A:0:99.000000");
    }

    /** TestSnakeFilter "test snake filter with weight". */
    @Test
    void snakeFilterWithWeight() {
        int[] weights = {3, 3, 4};
        List<Item> out = run(snake(20, weights, null), threeRecalls());
        assertThat(out).hasSize(20);
        assertRounds(out, weights);
    }

    /** TestSnakeFilter "test snake filter with no recall": recall_B has no items. */
    @Test
    void snakeFilterWithNoRecall() {
        List<Item> items = new ArrayList<>(items("item_", 0, 100, "recall_A"));
        items.addAll(items("item_", 200, 300, "recall_C"));
        List<Item> out = run(snake(20, new int[] {3, 3, 4}, null), items);
        assertThat(out).hasSize(20);
        assertThat(out.subList(17, 20)).extracting(Item::retrieveId).containsOnly("recall_C");
        assertThat(out.subList(14, 17)).extracting(Item::retrieveId).containsOnly("recall_A");
    }

    /** TestSnakeFilter "test snake filter with recall merge": shared items, after UniqueFilter. */
    @Test
    void snakeFilterWithRecallMerge() {
        List<Item> items = new ArrayList<>(items("item_", 0, 100, "recall_A"));
        items.addAll(items("item_", 0, 20, "recall_B"));
        items.addAll(items("item_", 20, 40, "recall_C"));
        int[] weights = {1, 1, 2};
        List<Item> out = run(snake(20, weights, null), shuffledUnique(items));
        assertThat(out).hasSize(20);
        assertRounds(out, weights);
    }

    /** TestSnakeFilter "test snake filter with recall merge v2". */
    @Test
    void snakeFilterWithRecallMergeV2() {
        List<Item> items = new ArrayList<>(items("item_", 0, 100, "recall_A"));
        items.addAll(items("item_", 95, 105, "recall_B"));
        items.addAll(items("item_", 98, 108, "recall_C"));
        List<Item> out = run(snake(60, new int[] {1, 2, 3}, null), shuffledUnique(items));
        assertThat(out).hasSize(60);
        assertThat(new HashSet<>(out.stream().map(Item::id).toList())).hasSize(60);
    }

    /** TestSnakeFilter "test snake filter with recall not config": recall_D is dropped. */
    @Test
    void snakeFilterWithRecallNotConfigured() {
        List<Item> items = threeRecalls();
        items.addAll(items("item_", 300, 400, "recall_D"));
        int[] weights = {1, 2, 3};
        List<Item> out = run(snake(20, weights, null), items);
        assertThat(out).hasSize(20);
        assertRounds(out, weights);
    }

    /** TestSnakeFilter "test snake filter with recall SKIP_ON_DUPLICATE type". */
    @Test
    void snakeFilterSkipOnDuplicate() {
        List<Item> items = new ArrayList<>(items("item_", 0, 100, "recall_A"));
        items.addAll(items("item_", 95, 105, "recall_B"));
        items.addAll(items("item_", 98, 108, "recall_C"));
        List<Item> out = run(snake(60, new int[] {1, 2, 3}, "SKIP_ON_DUPLICATE"), shuffledUnique(items));
        assertThat(out).hasSize(60);
        assertThat(new HashSet<>(out.stream().map(Item::id).toList())).hasSize(60);
    }

    /** Hand-worked: a shared item placed by B carries B's name and score; a skipped turn places less. */
    @Test
    void sharedItemTakesTheNameAndScoreOfTheRecallThatPlacesIt() {
        List<Item> items = new ArrayList<>(List.of(new Item("x", "recall_A", 1), new Item("a2", "recall_A", 0.5),
                new Item("x", "recall_B", 9), new Item("b2", "recall_B", 3)));
        List<Item> refill = run(snake(3, new int[] {1, 1}, null), unique(items));
        // A's best is x (A score 1): placed as recall_A; B's turn meets x again and refills with b2
        assertThat(refill).extracting(Item::id).containsExactly("x", "b2", "a2");
        assertThat(refill.get(0).retrieveId()).isEqualTo("recall_A");
        assertThat(refill.get(0).property("snake_filter")).isEqualTo("recall_A:0:1.000000,recall_B:0:9.000000");

        items = new ArrayList<>(List.of(new Item("x", "recall_A", 1), new Item("a2", "recall_A", 0.5),
                new Item("x", "recall_B", 9), new Item("b2", "recall_B", 3)));
        List<Item> skip = run(snake(3, new int[] {1, 1}, "SKIP_ON_DUPLICATE"), unique(items));
        // B's first turn is spent on the duplicate x; b2 comes one round later
        assertThat(skip).extracting(Item::id).containsExactly("x", "a2", "b2");
    }

    @Test
    void badConfigsAreRefused() {
        assertThat(check(new SnakeFilter.Factory(), Map.of("Name", "s", "SnakeType", "ZIGZAG",
                "AdjustCountConfs", List.of(weight("a", -1)))))
                .extracting(ConfigException::key)
                .containsExactly("Weight", "AdjustCountConfs", "RetainNum", "SnakeType");
    }
}
