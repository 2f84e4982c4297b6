package io.recengine.core.builtin.sort;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorts in a PAI-Rec config (PAI-Rec's key names), through the engine's feed: final order and retrieve
 * ids as a client sees them. Follows {@code sort/diversity_rule_sort_test.go} TestDiversitryRuleSortByIntervalSize
 * and a config of every built-in sort type, which validates and runs.
 */
class SortsThroughTheEngineTest {

    @TempDir
    Path dir;
    private RecEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private RecEngine start(String json) throws IOException {
        Path p = dir.resolve("recconf.json");
        Files.writeString(p, json);
        assertThat(RecEngine.validate(EngineOptions.of(p))).isEmpty();
        engine = RecEngine.start(EngineOptions.of(p));
        return engine;
    }

    /** Items 0..9, score i, tag t1 for 0..4 and t2 for 5..9, category c(i % 3), an embedding. */
    private static List<Map<String, Object>> itemList() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item_id", Integer.toString(i));
            m.put("score", (double) i);
            m.put("tag", i < 5 ? "t1" : "t2");
            m.put("category", "c" + (i % 3));
            m.put("emb", (i % 3) + ",1," + (i % 2));
            out.add(m);
        }
        return out;
    }

    private FeedResult feed(int size) {
        return engine.feed(FeedRequest.builder("u1").size(size).sceneId("home_feed").requestId("r")
                .itemList(itemList()).build());
    }

    @Test
    void diversityRuleSortArrangesTheOrderItReceives() throws IOException {
        start("""
                {"SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "SortConfs": [{"Name": "div", "SortType": "DiversityRuleSort",
                                "DiversityRules": [{"Dimensions": ["tag"], "IntervalSize": 1}]}],
                 "SortNames": {"home_feed": ["div"]}}""");
        FeedResult r = feed(10);
        assertThat(r.code()).isEqualTo(FeedResult.OK);
        assertThat(r.items()).extracting(Item::id).containsExactly("0", "5", "1", "6", "2", "7", "3", "8", "4", "9");
        assertThat(r.items()).extracting(Item::retrieveId).containsOnly("ContextItemRecall");
    }

    @Test
    void anEmptySortListSortsByScore() throws IOException {
        start("""
                {"SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "SortNames": {"home_feed": []}}""");
        assertThat(feed(3).items()).extracting(Item::id).containsExactly("9", "8", "7");
    }

    @Test
    void aConfigOfEveryBuiltInSortValidatesAndRuns() throws IOException {
        start("""
                {"SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "DPPConf": [{"Name": "dpp", "EmbeddingColumn": "emb", "Alpha": 0.1, "WindowSize": 3}],
                 "SortConfs": [
                   {"Name": "boost", "SortType": "BoostScoreSort", "BoostScoreConditions": [
                     {"Conditions": [{"Name": "tag", "Type": "string", "Operator": "equal", "Value": "t1"}],
                      "Expression": "score + 10"}]},
                   {"Name": "distinct", "SortType": "DistinctIdSort", "DistinctIdConditions": [
                     {"DistinctId": -1, "Conditions": [{"Name": "category", "Type": "string", "Operator": "equal", "Value": "c0"}]}]},
                   {"Name": "field", "SortType": "CustomFieldSort", "SortByField": "current_score"},
                   {"Name": "algo", "SortType": "AlgoScoreSort", "SwitchThreshold": 100},
                   {"Name": "mix", "SortType": "MultiRecallMixSort", "RemainItem": true, "MixSortRules": [
                     {"MixStrategy": "fix_position", "Positions": [1], "Conditions": [
                       {"Name": "category", "Type": "string", "Operator": "equal", "Value": "c2"}]}]},
                   {"Name": "div", "SortType": "DiversityRuleSort", "DiversityRules": [
                     {"Dimensions": ["category"], "WindowSize": 3, "FrequencySize": 1, "Weight": 1}]},
                   {"Name": "cond", "SortType": "ConditionSort", "ConditionSortConfs": {"SortConfs": [
                     {"Conditions": [{"Name": "age", "Domain": "user", "Type": "int", "Operator": "greater", "Value": 200}],
                      "SortName": "field"}], "DefaultSortName": "div"}},
                   {"Name": "ssd", "SortType": "SSDSort", "SSDConf": {"EmbeddingColumn": "emb", "WindowSize": 3}}],
                 "SortNames": {"home_feed": ["ItemRankScore", "boost", "distinct", "field", "algo", "mix", "div", "cond",
                                             "dpp", "ssd"]}}""");
        FeedResult r = feed(6);
        assertThat(r.code()).isEqualTo(FeedResult.OK);
        assertThat(r.items()).hasSize(6).extracting(Item::id).doesNotHaveDuplicates();
        assertThat(r.items()).allSatisfy(i -> assertThat(i.properties()).containsKey("__distinct_id__"));
        // boost lifted item 4 (t1) to the top score, 14: DPP picks it first (equal self-similarity) and SSD
        // starts from the best score
        assertThat(r.items().get(0).id()).isEqualTo("4");
        assertThat(r.items().get(0).score()).isEqualTo(14.0);
    }
}
