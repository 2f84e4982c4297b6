package io.recengine.core.debuglog;

import io.recengine.core.debuglog.DebugRecords.Module;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records of each stage against PAI-Rec's {@code service/debug/debug_service.go}
 * ({@code doWriteRecallLog}, {@code doWriteFilterLog}, {@code doWriteGeneralLog}, {@code doWriteRankLog},
 * {@code doWriteSortLog}, {@code doWriteRecommendLog}; PAI-Rec has no Go test for them).
 */
class DebugRecordsTest {

    private static final DebugRecords.Head HEAD = new DebugRecords.Head("req-1", "home", "ER2_L1#EG1#E3", 1764650000L, "u1");

    private static List<Item> items() {
        Item a = new Item("a", "main", 1.5);
        a.setProperty("trigger_id", "t9");
        a.setAlgoScore("fm", 0.25);
        a.setAlgoScore("ctr", 1);
        Item b = new Item("b", "hot", 2);
        Item c = new Item("c", "main", 0.1);
        c.setAlgoScore("tiny", 1e-7);
        return new ArrayList<>(List.of(a, b, c));
    }

    private static List<Map<String, Object>> records(Module m) {
        return DebugRecords.records(HEAD, m, DebugRecords.snapshot(items(), m));
    }

    @Test
    void recallRecordsAreIdScoreTriggerPerRetrieveId() {
        List<Map<String, Object>> r = records(Module.RECALL);
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).containsExactly(
                Map.entry("exp_id", "ER2_L1#EG1#E3"), Map.entry("items", "a:1.5:t9,c:0.1:"),
                Map.entry("module", "recall"), Map.entry("request_id", "req-1"), Map.entry("request_time", 1764650000L),
                Map.entry("retrieveid", "main"), Map.entry("scene_id", "home"), Map.entry("uid", "u1"));
        assertThat(r.get(1)).containsEntry("retrieveid", "hot").containsEntry("items", "b:2:");
    }

    @Test
    void filterRecordsAreIdScore() {
        List<Map<String, Object>> r = records(Module.FILTER);
        assertThat(r).extracting(x -> x.get("items")).containsExactly("a:1.5,c:0.1", "b:2");
        assertThat(r).extracting(x -> x.get("module")).containsOnly("filter");
    }

    @Test
    void rankStagesAddTheAlgoScoresAsGoMarshalsThemNullWithout() {
        for (Module m : List.of(Module.GENERAL_RANK, Module.RANK, Module.SORT)) {
            List<Map<String, Object>> r = records(m);
            assertThat(r).extracting(x -> x.get("items"))
                    .containsExactly("a:1.5:{\"ctr\":1,\"fm\":0.25},c:0.1:{\"tiny\":1e-7}", "b:2:null");
            assertThat(r).extracting(x -> x.get("module")).containsOnly(m.text());
        }
        assertThat(Module.GENERAL_RANK.text()).isEqualTo("general_rank");
    }

    @Test
    void recommendWritesAnEmptyObjectForAnItemWithoutAlgoScores() {
        List<Map<String, Object>> r = records(Module.RECOMMEND);
        assertThat(r).extracting(x -> x.get("items"))
                .containsExactly("a:1.5:{\"ctr\":1,\"fm\":0.25},c:0.1:{\"tiny\":1e-7}", "b:2:{}");
    }

    @Test
    void noExperimentNoExpIdAndNoItemsNoRecord() {
        DebugRecords.Head head = new DebugRecords.Head("r", "home", "", 1L, "u");
        Map<String, Object> r = DebugRecords.records(head, Module.FILTER,
                DebugRecords.snapshot(List.of(new Item("x", "main", 3)), Module.FILTER)).get(0);
        assertThat(r).doesNotContainKey("exp_id").containsEntry("items", "x:3");
        assertThat(DebugRecords.records(head, Module.SORT, List.of())).isEmpty();
    }

    @Test
    void theSnapshotIsTakenAtTheStage() {
        List<Item> items = items();
        List<DebugRecords.Snapshot> s = DebugRecords.snapshot(items, Module.RANK);
        items.get(0).setScore(99);
        items.get(0).setAlgoScore("fm", 9);
        assertThat(DebugRecords.records(HEAD, Module.RANK, s).get(0).get("items"))
                .asString().startsWith("a:1.5:{\"ctr\":1,\"fm\":0.25}");
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} and {@code encoding/json}'s float form. */
    @Test
    void numbersAreFormattedAsGoFormatsThem() {
        assertThat(DebugRecords.goFloat(1.0)).isEqualTo("1");
        assertThat(DebugRecords.goFloat(100.0)).isEqualTo("100");
        assertThat(DebugRecords.goFloat(0.1)).isEqualTo("0.1");
        assertThat(DebugRecords.goFloat(1e-7)).isEqualTo("0.0000001");
        assertThat(DebugRecords.goFloat(1e21)).isEqualTo("1000000000000000000000");
        assertThat(DebugRecords.goFloat(-2.5)).isEqualTo("-2.5");
        assertThat(DebugRecords.goFloat(0)).isEqualTo("0");
        assertThat(DebugRecords.goFloat(Double.NaN)).isEqualTo("NaN");
        assertThat(DebugRecords.goFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(DebugRecords.goJsonFloat(1e-7)).isEqualTo("1e-7");
        assertThat(DebugRecords.goJsonFloat(1.5e21)).isEqualTo("1.5e+21");
        assertThat(DebugRecords.goJsonFloat(0.000001)).isEqualTo("0.000001");
        assertThat(DebugRecords.goJsonFloat(-0.5)).isEqualTo("-0.5");
    }
}
