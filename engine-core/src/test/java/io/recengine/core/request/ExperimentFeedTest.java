package io.recengine.core.request;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.spi.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Experiment parameters through the whole feed: one experiment per parameter kind, each reached through a
 * debug user, each changing the answer the way PAI-Rec's pipeline would. Items: a (x=3, y=1), b (x=2, y=3),
 * c (x=1, y=2); the scene ranks by {@code x + ${wy} * y}, so without parameters the order is a, b, c.
 */
class ExperimentFeedTest {

    static final String CONFIG = """
            {"RecallConfs":[{"Name":"ctx_a","RecallType":"ContextItemRecall"},
                            {"Name":"ctx_b","RecallType":"ContextItemRecall"},
                            {"Name":"mock","RecallType":"MockRecall","RecallCount":10}],
             "FilterConfs":[{"Name":"adj","FilterType":"AdjustCountFilter","RetainNum":100},
                            {"Name":"adj2","FilterType":"AdjustCountFilter","RetainNum":2}],
             "SortConfs":[{"Name":"by_x_asc","SortType":"CustomFieldSort","SortByField":"x","SortOrder":"asc"}],
             "SceneConfs":{"home":{"default":{"RecallNames":["ctx_a"]}},"alt":{"default":{"RecallNames":["ctx_a"]}}},
             "FilterNames":{"home":["adj"]},
             "SortNames":{"home":["ItemRankScore"]},
             "RankConf":{"home":{"RankScore":"x + ${wy} * y"}},
             "FeatureConfs":{"alt":{"FeatureLoadConfs":[{"FeatureDaoConf":{"AdapterType":"","FeatureStore":"item"},
                 "Features":[{"FeatureType":"raw_feature","FeatureName":"alt_item","FeatureSource":"item:x","FeatureStore":"item"}]}]}},
             "UserFeatureConfs":{"alt":{"FeatureLoadConfs":[{"FeatureDaoConf":{"AdapterType":"","FeatureStore":"user"},
                 "Features":[{"FeatureType":"new_feature","FeatureName":"alt_user","Normalizer":"const_value","FeatureValue":"v"}]}]}},
             "EngineConf":{"ExperimentFile":"experiments/exp.json"}}""";

    /** Experiment n is reached by uid "u<n>" (a debug user); anyone else gets the base experiment 1. */
    static final String EXPERIMENTS = """
            {"scenes":[{"scene_name":"home","experiment_rooms":[{"exp_room_id":1,"type":1,"layers":[
              {"layer_id":1,"layer_name":"pipeline","experiment_groups":[{"exp_group_id":1,"crowd_target_type":"All","experiments":[
                {"experiment_id":1,"type":1,"experiment_flow":100},
                {"experiment_id":2,"type":2,"debug_users":"u2","experiment_config":{"default.RecallNames":["ctx_b"]}},
                {"experiment_id":3,"type":2,"debug_users":"u3","experiment_config":{"default.RecallNames":["mock"]}},
                {"experiment_id":4,"type":2,"debug_users":"u4","experiment_config":{"default.RecallNames":["mock"],"recall.mock":{"RecallCount":3}}},
                {"experiment_id":5,"type":2,"debug_users":"u5","experiment_config":{"filterNames":["adj2"]}},
                {"experiment_id":6,"type":2,"debug_users":"u6","experiment_config":{"filter.adj":{"RetainNum":1}}},
                {"experiment_id":7,"type":2,"debug_users":"u7","experiment_config":{"default.SortNames":["by_x_asc"]}},
                {"experiment_id":8,"type":2,"debug_users":"u8","experiment_config":{"default.SortNames":["by_x_asc"],"sort.by_x_asc":{"SortByField":"y","SortOrder":"asc"}}},
                {"experiment_id":9,"type":2,"debug_users":"u9","experiment_config":{"rankconf":{"RankScore":"y"}}},
                {"experiment_id":10,"type":2,"debug_users":"u10","experiment_config":{"rankscore":"0 - x"}},
                {"experiment_id":11,"type":2,"debug_users":"u11","experiment_config":{"wy":100}},
                {"experiment_id":12,"type":2,"debug_users":"u12","experiment_config":{"features.scene.name":"alt"}},
                {"experiment_id":13,"type":2,"debug_users":"u13","experiment_config":{"user_features.scene.name":"alt"}},
                {"experiment_id":14,"type":2,"debug_users":"u14","experiment_config":{"default.RecallNames":["nope"],"filterNames":["nofilter","adj2"]}},
                {"experiment_id":15,"type":2,"debug_users":"u15","experiment_config":{"sort.by_x_asc":{"SortType":"NoSuchSort"},"default.SortNames":["by_x_asc"]}}
              ]}]}]}]}]}""";

    static final List<Map<String, Object>> ITEMS = List.of(
            Map.of("item_id", "a", "x", 3, "y", 1),
            Map.of("item_id", "b", "x", 2, "y", 3),
            Map.of("item_id", "c", "x", 1, "y", 2));

    @TempDir
    Path dir;
    private RecEngine engine;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(dir.resolve("experiments"));
        Files.writeString(dir.resolve("experiments/exp.json"), EXPERIMENTS);
        Files.writeString(dir.resolve("recconf.json"), CONFIG);
        meters = new SimpleMeterRegistry();
        engine = RecEngine.start(EngineOptions.of(dir.resolve("recconf.json")).withMeterRegistry(meters));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private FeedResult feed(String uid) {
        return engine.feed(FeedRequest.builder(uid).sceneId("home").size(50).requestId("r-" + uid).debug(true)
                .itemList(ITEMS).build());
    }

    private static List<String> ids(FeedResult r) {
        return r.items().stream().map(Item::id).toList();
    }

    @Test
    void withoutParametersTheSceneRunsAsConfigured() {
        FeedResult r = feed("someone");
        assertThat(r.experimentId()).isEqualTo("ER1_L1#EG1#E1");
        assertThat(ids(r)).containsExactly("a", "b", "c");
        assertThat(r.items()).extracting(Item::retrieveId).containsOnly("ctx_a");
    }

    @Test
    void theSameUidAlwaysGetsTheSameExperimentId() {
        for (String uid : List.of("someone", "u7", "42")) {
            String first = feed(uid).experimentId();
            for (int i = 0; i < 5; i++) {
                assertThat(feed(uid).experimentId()).isEqualTo(first);
            }
        }
        assertThat(feed("u7").experimentId()).isEqualTo("ER1_L1#EG1#E7");
    }

    @Test
    void recallNamesReplaceTheCategorysRecalls() {
        FeedResult r = feed("u2");
        assertThat(r.experimentId()).isEqualTo("ER1_L1#EG1#E2");
        assertThat(r.items()).extracting(Item::retrieveId).containsOnly("ctx_b");
    }

    @Test
    void aRecallConfigIsClonedOnceAndReplacesTheConfiguredRecall() {
        assertThat(feed("u3").items()).hasSize(10).extracting(Item::retrieveId).containsOnly("mock");
        FeedResult r = feed("u4");
        assertThat(r.items()).hasSize(3).extracting(Item::retrieveId).containsOnly("mock");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=recall.mock\treplaced the configured recall 'mock'"));
        assertThat(feed("u4").items()).hasSize(3);
    }

    @Test
    void filterNamesReplaceTheScenesFilters() {
        assertThat(ids(feed("u5"))).containsExactly("a", "b");
    }

    @Test
    void aFilterConfigReplacesTheConfiguredFilter() {
        FeedResult r = feed("u6");
        assertThat(ids(r)).containsExactly("a");
        assertThat(r.logs()).anyMatch(l -> l.contains("replaced the configured filter 'adj'"));
    }

    @Test
    void sortNamesReplaceTheCategorysSorts() {
        assertThat(ids(feed("u7"))).containsExactly("c", "b", "a");
    }

    @Test
    void aSortConfigReplacesTheConfiguredSort() {
        assertThat(ids(feed("u8"))).containsExactly("a", "c", "b");
    }

    @Test
    void rankconfReplacesTheScenesRankConf() {
        assertThat(ids(feed("u9"))).containsExactly("b", "c", "a");
    }

    @Test
    void rankscoreReplacesTheRankScore() {
        FeedResult r = feed("u10");
        assertThat(ids(r)).containsExactly("c", "b", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("replaced RankConf.home\tRankScore=0 - x"));
    }

    @Test
    void aParameterFillsItsPlaceholderInRankScore() {
        assertThat(ids(feed("u11"))).containsExactly("b", "c", "a");
    }

    @Test
    void featuresSceneNameLoadsAnotherScenesItemFeatures() {
        assertThat(feed("someone").items()).allMatch(i -> i.property("alt_item") == null);
        assertThat(feed("u12").items()).allMatch(i -> i.property("alt_item") != null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void userFeaturesSceneNameLoadsAnotherScenesUserFeatures() {
        Diagnosis d = engine.diagnose(FeedRequest.builder("u13").sceneId("home").size(50).itemList(ITEMS).build());
        List<Map<String, Object>> stages = (List<Map<String, Object>>) d.trace().get("stages");
        Map<String, Object> user = stages.stream().filter(s -> "user_features".equals(s.get("stage"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) user.get("features")).containsEntry("alt_user", "v");
        Diagnosis base = engine.diagnose(FeedRequest.builder("someone").sceneId("home").size(50).itemList(ITEMS).build());
        List<Map<String, Object>> baseStages = (List<Map<String, Object>>) base.trace().get("stages");
        assertThat(baseStages).noneMatch(s -> s.get("features") instanceof Map<?, ?> f && f.containsKey("alt_user"));
    }

    @Test
    void unknownNamesAreSkippedLoggedAndCountedNotAnError() {
        FeedResult r = feed("u14");
        assertThat(r.code()).isEqualTo(FeedResult.NOT_ENOUGH);
        assertThat(r.items()).isEmpty();
        assertThat(r.logs()).anyMatch(l -> l.contains("recall 'nope' is not defined in RecallConfs; skipped"));
        assertThat(meters.get("recengine.component.failures").tags("kind", "experiment", "component",
                "default.RecallNames", "outcome", "unknown_component").counter().count()).isEqualTo(1);
        assertThat(meters.get("recengine.component.failures").tags("kind", "experiment", "component",
                "filterNames", "outcome", "unknown_component").counter().count()).isEqualTo(1);
    }

    @Test
    void aComponentConfigThatCannotBeBuiltLeavesTheConfiguredOne() {
        FeedResult r = feed("u15");
        assertThat(r.code()).isEqualTo(FeedResult.NOT_ENOUGH); // 3 items of 50 asked for
        assertThat(ids(r)).containsExactly("c", "b", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=sort.by_x_asc") && l.contains("not applied"));
        feed("u15");
        assertThat(meters.get("recengine.component.failures").tags("kind", "experiment", "component",
                "sort.by_x_asc", "outcome", "bad_config").counter().count()).isEqualTo(2);
    }

    @Test
    void theStageMetersCarryTheExperimentId() {
        feed("u7");
        feed("someone");
        assertThat(meters.get("pairec.rec.duration").tags("scene", "home", "exp_id", "ER1_L1#EG1#E7").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("pairec.rec").tags("scene", "home", "exp_id", "ER1_L1#EG1#E1").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("pairec.recall.duration").tags("scene", "home", "exp_id", "ER1_L1#EG1#E7",
                "recall", "ctx_a").timer().count()).isEqualTo(1);
    }

    @Test
    void theDebugLogNamesTheExperimentAndItsParams() {
        FeedResult r = feed("u9");
        assertThat(r.logs()).anyMatch(l -> l.contains("module=experiment\texp_id=ER1_L1#EG1#E9\tlayer=home/1/pipeline group=1 experiment=9 params={\"rankconf\":{\"RankScore\":\"y\"}}"));
        assertThat(r.logs()).anyMatch(l -> l.contains("param=rankconf\treplaced RankConf.home"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> experimentTrace(Diagnosis d) {
        return (Map<String, Object>) d.trace().get("experiment");
    }

    @Test
    void theDiagnosticTraceShowsTheExperimentsRankScoreAndWhatItsParamsReplaced() {
        Diagnosis d = engine.diagnose(FeedRequest.builder("u10").sceneId("home").size(50).itemList(ITEMS).build());
        assertThat(d.rankScore()).isEqualTo("0 - x");
        Map<String, Object> e = experimentTrace(d);
        assertThat(e).containsEntry("exp_id", "ER1_L1#EG1#E10").containsEntry("rank_score", "0 - x")
                .containsEntry("params", Map.of("rankscore", "0 - x"));
        assertThat((List<Map<String, String>>) e.get("applied")).containsExactly(
                Map.of("param", "rankscore", "effect", "replaced RankConf.home\tRankScore=0 - x"));

        assertThat(engine.diagnose(FeedRequest.builder("u9").sceneId("home").size(50).itemList(ITEMS).build())
                .rankScore()).isEqualTo("y");
        Diagnosis sorts = engine.diagnose(FeedRequest.builder("u8").sceneId("home").size(50).itemList(ITEMS).build());
        assertThat(sorts.rankScore()).isEqualTo("x + ${wy} * y");
        assertThat((List<Map<String, String>>) experimentTrace(sorts).get("applied")).containsExactly(
                Map.of("param", "default.SortNames", "effect", "sorts=[by_x_asc]"),
                Map.of("param", "sort.by_x_asc", "effect", "replaced the configured sort 'by_x_asc'"));
        Diagnosis base = engine.diagnose(FeedRequest.builder("someone").sceneId("home").size(50).itemList(ITEMS).build());
        assertThat(base.rankScore()).isEqualTo("x + ${wy} * y");
        assertThat((List<?>) experimentTrace(base).get("applied")).isEmpty();
    }

    @Test
    void aBrokenExperimentFileStopsTheStartWithTheKeyNamed() throws IOException {
        Files.writeString(dir.resolve("experiments/exp.json"), "{\"scenes\":[{\"scene_name\":\"home\",\"nope\":1}]}");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(dir.resolve("recconf.json"))))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("nope");
        assertThat(RecEngine.validate(EngineOptions.of(dir.resolve("recconf.json"))))
                .anyMatch(p -> p.getMessage().contains("nope"));
    }

    /**
     * A scene per traffic-control task; items ranked by x (a, b, c without control). Generous timeouts: a
     * recall timing out on a loaded machine would empty the answer.
     */
    static final String TC_CONFIG = """
            {"RecallConfs":[{"Name":"ctx","RecallType":"ContextItemRecall"}],
             "SortConfs":[{"Name":"tc","SortType":"TrafficControlSort","PIDConf":{"DefaultKp":1000}}],
             "SceneConfs":{"home":{"default":{"RecallNames":["ctx"]}},"alt":{"default":{"RecallNames":["ctx"]}}},
             "SortNames":{"home":["tc"],"alt":["tc"]},
             "RankConf":{"home":{"RankScore":"x"},"alt":{"RankScore":"x"}},
             "EngineConf":{"ExperimentFile":"tc-exp.json","RecallTimeout":5000,"RequestTimeout":10000}}""";

    /**
     * Task k1 ({@code Single}, scene home) wants 1000 exposures for each item with x == 1 (c); task k2
     * ({@code Global}, {@code Percent}, {@code Approach}, scene alt) wants items with x == 3 (a) at 10 % of
     * the answers. Debug user u2 is in experiment 2, which turns k1 off.
     */
    static final String TC_EXPERIMENTS = """
            {"scenes":[{"scene_name":"home","experiment_rooms":[{"exp_room_id":1,"type":1,"layers":[
              {"layer_id":1,"layer_name":"sort","experiment_groups":[{"exp_group_id":1,"crowd_target_type":"All","experiments":[
                {"experiment_id":1,"type":1,"experiment_flow":100},
                {"experiment_id":2,"type":2,"debug_users":"u2","experiment_config":{"pid_task_params":{"k1":{"turn_off":true}}}}
              ]}]}]}]}],
             "traffic_control_tasks":[
              {"TrafficControlTaskId":"k1","SceneName":"home","ProductStatus":"Running","ExecutionTime":"Permanent",
               "ControlType":"Quantity","ControlGranularity":"Single","TrafficControlTargets":[
                {"TrafficControlTargetId":"1","Value":1000,"StartTime":"2000-01-01T00:00:00Z","EndTime":"2100-01-01T00:00:00Z",
                 "ItemConditionExpress":"x == 1","SplitParts":{"TimePoints":[1440],"SetValues":[1000]}}]},
              {"TrafficControlTaskId":"k2","SceneName":"alt","ProductStatus":"Running","ExecutionTime":"Permanent",
               "ControlType":"Percent","ControlGranularity":"Global","ControlLogic":"Approach","TrafficControlTargets":[
                {"TrafficControlTargetId":"2","Value":10,"StartTime":"2000-01-01T00:00:00Z","EndTime":"2100-01-01T00:00:00Z",
                 "ItemConditionExpress":"x == 3","SplitParts":{"TimePoints":[1440],"SetValues":[10]}}]}]}""";

    private RecEngine startTrafficControl(String experiments) throws IOException {
        Files.writeString(dir.resolve("tc-exp.json"), experiments);
        Files.writeString(dir.resolve("tc.json"), TC_CONFIG);
        return RecEngine.start(EngineOptions.of(dir.resolve("tc.json")));
    }

    private static List<String> feedIds(RecEngine e, String scene, String uid) {
        return ids(e.feed(FeedRequest.builder(uid).sceneId(scene).size(50).itemList(ITEMS).build()));
    }

    @Test
    void trafficControlSortMovesTheItemsOfAnUnderServedTargetUpUnlessAnExperimentTurnsItOff() throws IOException {
        try (RecEngine e = startTrafficControl(TC_EXPERIMENTS)) {
            // c has never been served: its Single target is all short of its aim, c goes first
            assertThat(feedIds(e, "home", "someone")).containsExactly("c", "a", "b");
            // experiment 2's pid_task_params.k1.turn_off
            assertThat(feedIds(e, "home", "u2")).containsExactly("a", "b", "c");
        }
    }

    @Test
    void trafficControlSortMeasuresTheAnswersTheEngineServed() throws IOException, InterruptedException {
        try (RecEngine e = startTrafficControl(TC_EXPERIMENTS)) {
            // nothing served yet: no measurement, macro control leaves the order
            assertThat(feedIds(e, "alt", "someone")).containsExactly("a", "b", "c");
            // once that answer is counted (after the response), a has 1 in 3 = 33 % against an aim of 10 %:
            // the Approach target pushes a down (at the top by little: the pull grows with the position)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            List<String> ids = feedIds(e, "alt", "someone");
            while (ids.get(0).equals("a") && System.nanoTime() < deadline) {
                Thread.sleep(5);
                ids = feedIds(e, "alt", "someone");
            }
            assertThat(ids).containsExactly("b", "a", "c");
        }
    }

    @Test
    void aReloadOfTheExperimentFileAppliesTheChangedTasksToTheCarriedOverSort() throws Exception {
        try (RecEngine e = startTrafficControl(TC_EXPERIMENTS)) {
            assertThat(feedIds(e, "home", "someone")).containsExactly("c", "a", "b");
            Files.writeString(dir.resolve("tc-exp.json"), TC_EXPERIMENTS.replace(
                    "\"TrafficControlTargetId\":\"1\",", "\"TrafficControlTargetId\":\"1\",\"Status\":\"Closed\","));
            var outcome = e.reload("test").get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(outcome.outcome()).isEqualTo("applied");
            assertThat(feedIds(e, "home", "someone")).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aBadTrafficControlTaskStopsTheStartNamingTaskAndKey() throws IOException {
        String bad = TC_EXPERIMENTS.replace("\"ControlType\":\"Quantity\"", "\"ControlType\":\"Amount\"");
        assertThatThrownBy(() -> startTrafficControl(bad))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("traffic-control task 'k1' (traffic_control_tasks[0]), key ControlType: want Percent or Quantity, got 'Amount'");
    }

    @Test
    void experimentsGivenInlineWorkAlike() throws IOException {
        String inline = CONFIG.replace("\"ExperimentFile\":\"experiments/exp.json\"", "\"Experiments\":" + EXPERIMENTS);
        Files.writeString(dir.resolve("inline.json"), inline);
        try (RecEngine e = RecEngine.start(EngineOptions.of(dir.resolve("inline.json")))) {
            FeedResult r = e.feed(FeedRequest.builder("u7").sceneId("home").size(50).itemList(ITEMS).build());
            assertThat(r.experimentId()).isEqualTo("ER1_L1#EG1#E7");
            assertThat(ids(r)).containsExactly("c", "b", "a");
        }
    }

    @Test
    void theRecallApiMatchesNoExperiment() {
        RecallResult r = engine.recall(FeedRequest.builder("u2").sceneId("home").size(50).itemList(ITEMS).build());
        assertThat(r.items()).extracting(Item::retrieveId).containsOnly("ctx_a");
    }
}
