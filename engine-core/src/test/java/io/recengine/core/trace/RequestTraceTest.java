package io.recengine.core.trace;

import io.recengine.spi.Item;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTraceTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private void advanceMs(long ms) {
        clock.addAndGet(ms * 1_000_000L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsEveryStageWithItsTimeAndAccountsForEveryCandidate() {
        RequestTrace trace = new RequestTrace(clock::get);
        User user = new User("u1");
        user.setProperty("age", 30);
        advanceMs(2);
        trace.userFeatures(user);

        Item a = new Item("a", "r1", 0.1);
        Item a2 = new Item("a", "r2", 0.2);
        Item b = new Item("b", "r1", 0.3);
        Item c = new Item("c", "r2", 0.4);
        trace.recall("r1", List.of(a, b), 3_000_000L);
        trace.recallFailed("r3", "timeout");
        trace.recall("r2", List.of(a2, c), 1_000_000L);
        advanceMs(5);
        List<Item> merged = List.of(a, b, a2, c);
        trace.recalled(merged);

        advanceMs(1);
        List<Item> unique = List.of(a, b, c);
        trace.filter("UniqueFilter", merged, unique);

        c.setProperty("title", "C");
        trace.itemFeatures(unique);
        c.setAlgoScore("ctr", 0.9);
        c.setScore(0.9);
        advanceMs(4);
        trace.ranked(unique);

        List<Item> sorted = List.of(c, a, b);
        trace.sort("ItemRankScore", new ArrayList<>(unique), sorted);
        List<Item> returned = sorted.subList(0, 2);
        trace.truncated(2, sorted, returned);

        Map<String, Object> m = trace.toMap();
        assertThat(m.get("total_ms")).isEqualTo(12.0);
        List<Map<String, Object>> stages = (List<Map<String, Object>>) m.get("stages");
        assertThat(stages).extracting(s -> s.get("stage"))
                .containsExactly("user_features", "recall", "filter", "item_features", "rank", "sort", "truncate");
        assertThat(stages).extracting(s -> s.get("ms")).containsExactly(2.0, 5.0, 1.0, 0.0, 4.0, 0.0, 0.0);
        assertThat(stages.get(1).get("start_ms")).isEqualTo(2.0);
        assertThat(((Map<String, Object>) stages.get(0).get("features"))).containsEntry("age", 30);

        List<Map<String, Object>> recalls = (List<Map<String, Object>>) stages.get(1).get("recalls");
        // in merge order whatever order they finished in, the failed one last
        assertThat(recalls).extracting(r -> r.get("name")).containsExactly("r1", "r2", "r3");
        assertThat(recalls.get(0)).containsEntry("count", 2).containsEntry("ms", 3.0);
        assertThat(recalls.get(2)).containsEntry("error", "timeout");

        List<Map<String, Object>> removed = (List<Map<String, Object>>) stages.get(2).get("removed");
        assertThat(removed).hasSize(1);
        assertThat(removed.get(0)).containsEntry("item_id", "a").containsEntry("retrieve_id", "r2")
                .containsEntry("position", 3);

        List<Map<String, Object>> ranked = (List<Map<String, Object>>) stages.get(4).get("items");
        assertThat(ranked.get(2)).containsEntry("score", 0.9);
        assertThat((Map<String, Double>) ranked.get(2).get("algo_scores")).containsEntry("ctr", 0.9);

        Map<String, Object> sort = stages.get(5);
        assertThat(sort).containsEntry("moved", 3);
        List<Map<String, Object>> moves = (List<Map<String, Object>>) sort.get("moves");
        assertThat(moves.get(0)).containsEntry("item_id", "c").containsEntry("from", 3).containsEntry("to", 1);

        Map<String, Object> accounting = (Map<String, Object>) m.get("accounting");
        assertThat(accounting).containsEntry("recalled", 4).containsEntry("removed_by_filters", 1)
                .containsEntry("removed_by_sorts", 0).containsEntry("truncated", 1).containsEntry("returned", 2)
                .containsEntry("balanced", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTraceThatNeverReachedTheEndIsNotBalanced() {
        RequestTrace trace = new RequestTrace(clock::get);
        trace.recalled(List.of(new Item("a")));
        Map<String, Object> accounting = (Map<String, Object>) trace.toMap().get("accounting");
        assertThat(accounting).containsEntry("balanced", false);
    }
}
