package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code sort/distinct_id_sort_test.go} (TestDistinctIdSort), case by case. */
class DistinctIdSortTest {

    private static List<Item> items() {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String r = i < 10 ? "r1" : "r2";
            Item item = new Item(Integer.toString(i), r, i);
            item.setProperty("recall_name", r);
            out.add(item);
        }
        return out;
    }

    private static Sort sort(String recall, String name) {
        Map<String, Object> c = conf("DistinctId", -1, "Conditions", List.of(conf("Name", "recall_name", "Operator", "equal",
                "Domain", "item", "Type", "string", "Value", recall)));
        if (name != null) {
            c.put("DistinctIdName", name);
        }
        return SortTesting.create(new DistinctIdSort.Factory(), conf("Debug", true, "DistinctIdConditions", List.of(c)));
    }

    /** default distinctid. */
    @Test
    void defaultDistinctId() {
        List<Item> out = run(sort("r1", null), 20, items());
        for (int i = 0; i < 20; i++) {
            assertThat(out.get(i).property("__distinct_id__")).isEqualTo(i < 10 ? -1 : i + 1);
        }
    }

    /** use distinctid name. */
    @Test
    void useDistinctIdName() {
        List<Item> out = run(sort("r1", "__recall_name__"), 20, items());
        for (int i = 0; i < 20; i++) {
            assertThat(out.get(i).property("__recall_name__")).isEqualTo(i < 10 ? -1 : i + 1);
        }
    }

    /** multi distinctid name. */
    @Test
    void multiDistinctIdName() {
        List<Item> out = run(sort("r2", "__recall_name2__"), 20, run(sort("r1", "__recall_name1__"), 20, items()));
        for (int i = 0; i < 10; i++) {
            assertThat(out.get(i).property("__recall_name1__")).isEqualTo(-1);
            assertThat(out.get(i).property("__recall_name2__")).isEqualTo(i + 1);
        }
        for (int i = 10; i < 20; i++) {
            assertThat(out.get(i).property("__recall_name2__")).isEqualTo(-1);
            assertThat(out.get(i).property("__recall_name1__")).isEqualTo(i + 1);
        }
    }
}
