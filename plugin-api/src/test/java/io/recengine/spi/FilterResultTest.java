package io.recengine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The black-list answers shared by the exposure and custom filters of every store. */
class FilterResultTest {

    private static List<Item> items(String... ids) {
        return java.util.Arrays.stream(ids).map(Item::new).toList();
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    @Test
    void withoutIdsKeepsTheOthersInOrderAndReportsTheRemoved() {
        List<Item> in = items("a", "b", "c", "d", "e");
        FilterResult r = FilterResult.withoutIds(in, Set.of("d", "b", "zz"));
        assertEquals(List.of("a", "c", "e"), ids(r.kept()));
        assertEquals(List.of("b", "d"), ids(r.removed()));
    }

    @Test
    void withoutNoIdsKeepsTheListItself() {
        List<Item> in = items("a", "b");
        FilterResult r = FilterResult.withoutIds(in, Set.of());
        assertSame(in, r.kept());
        assertEquals(List.of(), r.removed());
    }

    @Test
    void markingIdsKeepsAllAndFlagsOnlyTheListed() {
        List<Item> in = items("a", "b", "c");
        FilterResult r = FilterResult.markingIds(in, Set.of("b"), "_is_exposure_");
        assertEquals(List.of("a", "b", "c"), ids(r.kept()));
        assertEquals(List.of(), r.removed());
        assertEquals(1, in.get(1).property("_is_exposure_"));
        assertNull(in.get(0).property("_is_exposure_"));
        assertNull(in.get(2).property("_is_exposure_"));
    }
}
