package io.recengine.core.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.ConfigValidator;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.core.request.FeedService;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiment parameters of the stages around a scene's rank, in the style of
 * {@code ExperimentFeedTest}: one experiment per parameter, reached through a debug user ({@code u<n>}),
 * each changing the answer as PAI-Rec's {@code service/general_rank/general_rank.go},
 * {@code service/rank/rank_service.go} and {@code service/pipeline/*.go} read them. Components come from
 * {@link StagesTestPlugin}: recall {@code main} a..e with scores 1..5, {@code cold} x, y, {@code extra}
 * a, z; model {@code coarse} a=5 b=1 c=4 d=2 e=3 x=1 y=2, {@code fine} a..e = 1..5, x=6 y=7 z=8,
 * {@code linucb} x=9 y=0.5.
 */
class ExperimentSceneStagesTest {

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private PluginRegistry registry;
    private ExecutorService recallPool;
    private ExecutorService pluginPool;
    private ExecutorService afterPool;
    private EngineGeneration generation;
    private FeedService feed;

    private static final String CONFIG = """
            {"RecallConfs": [
              {"Name": "main", "RecallType": "Listed", "Items": "a:1,b:2,c:3,d:4,e:5", "Timeout": 600000},
              {"Name": "cold", "RecallType": "Listed", "Items": "x:1,y:2", "Timeout": 600000},
              {"Name": "extra", "RecallType": "Listed", "Items": "a:0,z:7", "Props": "from_pipeline=yes", "Timeout": 600000}],
            "AlgoConfs": [
              {"Name": "coarse", "Type": "Table", "Scores": "a=5,b=1,c=4,d=2,e=3,x=1,y=2", "Timeout": 600000},
              {"Name": "fine", "Type": "Table", "Scores": "a=1,b=2,c=3,d=4,e=5,x=6,y=7,z=8", "Timeout": 600000},
              {"Name": "linucb", "Type": "Table", "Scores": "x=9,y=0.5", "Timeout": 600000}],
            "FilterConfs": [
              {"Name": "top3", "FilterType": "AdjustCountFilter", "RetainNum": 3},
              {"Name": "top2", "FilterType": "AdjustCountFilter", "RetainNum": 2},
              {"Name": "top1", "FilterType": "AdjustCountFilter", "RetainNum": 1}],
            "GeneralRankConfs": {"home": {
               "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
               "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                               {"ActionType": "filter", "ActionName": "top3"}]}},
            "ColdStartRankConfs": {"plain": {"RecallName": "cold", "AlgoName": "linucb"}},
            "RankConf": {"home": {"RankAlgoList": ["fine"], "RankScore": "${fine}"}, "plain": {"RankAlgoList": ["fine"], "RankScore": "${fine}"}},
            "PipelineConfs": {"home": [{"Name": "p1", "RecallNames": ["extra"],
               "RankConf": {"RankAlgoList": ["fine"], "RankScore": "${fine}"}, "SortNames": ["ItemRankScore"]}]},
            "SceneConfs": {"home": {"default": {"RecallNames": ["main", "cold"]}},
                           "plain": {"default": {"RecallNames": ["main", "cold"]}}},
            "EngineConf": {"RequestTimeout": 600000, "Experiments": %s}}""";

    private static final String EXPERIMENTS = """
            {"scenes": [
             {"scene_name": "home", "experiment_rooms": [{"exp_room_id": 1, "type": 1, "layers": [
              {"layer_id": 1, "layer_name": "stages", "experiment_groups": [{"exp_group_id": 1, "crowd_target_type": "All", "experiments": [
               {"experiment_id": 1, "type": 1, "experiment_flow": 100},
               {"experiment_id": 2, "type": 2, "debug_users": "u2", "experiment_config": {"generalRankConf": {
                  "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "0 - ${coarse}"},
                  "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                  {"ActionType": "filter", "ActionName": "top2"}]}}},
               {"experiment_id": 3, "type": 2, "debug_users": "u3", "experiment_config": {"coldStartGeneralRankConf": {
                  "RecallNames": ["cold"], "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                  "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                  {"ActionType": "filter", "ActionName": "top1"}]}}},
               {"experiment_id": 5, "type": 2, "debug_users": "u5", "experiment_config": {
                  "pipelines.p1.RecallNames": ["cold"], "pipelines.p1.SortNames": ["ItemRankScore"]}},
               {"experiment_id": 6, "type": 2, "debug_users": "u6", "experiment_config": {
                  "pipelines.p1.RankConf": {"RankAlgoList": ["fine"], "RankScore": "0 - ${fine}"},
                  "pipelines.p1.FilterNames": ["top1"]}},
               {"experiment_id": 7, "type": 2, "debug_users": "u7", "experiment_config": {
                  "recall.extra": {"Items": "w:1", "Props": "from_pipeline=clone"}}},
               {"experiment_id": 8, "type": 2, "debug_users": "u8", "experiment_config": {
                  "recall.main.includeRecalls": ["a"], "recall.main.excludeRecalls": ["b"], "recall.main.beABParams": {"k": 1},
                  "debugConfig": "{\\"Rate\\": 100, \\"OutputType\\": \\"datahub\\"}",
                  "pipelines.nope.RecallNames": ["main"]}},
               {"experiment_id": 9, "type": 2, "debug_users": "u9", "experiment_config": {"generalRankConf": {
                  "RankConf": {"RankAlgoList": ["no_such_algo"]}}}}
              ]}]}]}]},
             {"scene_name": "plain", "experiment_rooms": [{"exp_room_id": 2, "type": 1, "layers": [
              {"layer_id": 2, "layer_name": "stages", "experiment_groups": [{"exp_group_id": 2, "crowd_target_type": "All", "experiments": [
               {"experiment_id": 20, "type": 1, "experiment_flow": 100},
               {"experiment_id": 21, "type": 2, "debug_users": "u21", "experiment_config": {"generalRankConf": {
                  "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                  "ActionConfs": [{"ActionType": "filter", "ActionName": "top1"}]}}},
               {"experiment_id": 22, "type": 2, "debug_users": "u22", "experiment_config": {"coldStartGeneralRankConf": {
                  "RecallNames": ["main"], "ActionConfs": [{"ActionType": "filter", "ActionName": "top1"}]}}},
               {"experiment_id": 23, "type": 2, "debug_users": "u23", "experiment_config": {"coldStartRankConf": {
                  "RecallName": "cold", "AlgoName": "fine"}}}
              ]}]}]}]}]}""";

    @BeforeEach
    void setUp() throws IOException {
        StagesTestPlugin.reset();
        registry = StagesTestPlugin.registry(tmp);
        recallPool = Executors.newFixedThreadPool(4);
        pluginPool = Executors.newFixedThreadPool(4);
        afterPool = Executors.newSingleThreadExecutor();
        EngineConfig config = ConfigLoader.parse(CONFIG.formatted(EXPERIMENTS).getBytes(StandardCharsets.UTF_8), "test", tmp);
        List<ConfigException> problems = ConfigValidator.validate(config, registry, List.of(SceneStageChecks::check));
        assertThat(problems).as("config problems").isEmpty();
        EngineMetrics metrics = new EngineMetrics(meters);
        generation = EngineGeneration.build(config, registry, metrics, recallPool, pluginPool, Clock.systemUTC(), Map.of());
        feed = new FeedService(() -> generation, metrics, afterPool, List.of(), 600_000);
    }

    @AfterEach
    void tearDown() {
        StagesTestPlugin.gate.countDown();
        generation.close();
        recallPool.shutdownNow();
        pluginPool.shutdownNow();
        afterPool.shutdownNow();
        registry.close();
    }

    private FeedResult feed(String scene, String uid) {
        StagesTestPlugin.reset();
        return feed.feed(FeedRequest.builder(uid).sceneId(scene).size(20).debug(true).build());
    }

    private static List<String> ids(FeedResult r) {
        return StagesTestPlugin.ids(r.items());
    }

    private static Item item(FeedResult r, String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    private double failures(String param, String outcome) {
        var c = meters.find("recengine.component.failures").tags("kind", "experiment", "component", param,
                "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * Without parameters: the coarse rank keeps a(5) c(4) e(3) of all seven items, the fine model orders
     * them, the pipeline adds z (fine 8) and merges its a into the scene's; sorted by score.
     */
    @Test
    void withoutParametersTheStagesRunAsConfigured() {
        FeedResult r = feed("home", "someone");
        assertThat(r.experimentId()).isEqualTo("ER1_L1#EG1#E1");
        assertThat(ids(r)).containsExactly("z", "e", "c", "a");
        assertThat(item(r, "a").property("from_pipeline")).isEqualTo("yes");
        // plain: no coarse rank; the cold recall's x, y scored by linucb (9, 0.5), the rest by fine
        assertThat(ids(feed("plain", "someone"))).containsExactly("x", "e", "d", "c", "b", "a", "y");
    }

    /**
     * {@code generalRankConf}: the coarse rank by -coarse keeping 2 keeps b and x (-1 each); the pipeline's
     * a, no longer in the scene, is appended.
     */
    @Test
    void generalRankConfReplacesTheScenesCoarseRank() {
        FeedResult r = feed("home", "u2");
        assertThat(ids(r)).containsExactly("z", "x", "b", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=generalRankConf\treplaced GeneralRankConfs.home"));
        assertThat(ids(feed("home", "u2"))).containsExactly("z", "x", "b", "a");
        assertThat(ids(feed("home", "someone"))).containsExactly("z", "e", "c", "a");
    }

    /**
     * {@code generalRankConf} on a scene without {@code GeneralRankConfs}: PAI-Rec builds the coarse rank
     * from it (here: keep the first item, a).
     */
    @Test
    void generalRankConfAddsACoarseRankWhereNoneIsConfigured() {
        FeedResult r = feed("plain", "u21");
        assertThat(ids(r)).containsExactly("a");
        assertThat(r.logs()).anyMatch(l -> l.contains("added a coarse rank (no GeneralRankConfs.plain)"));
    }

    /**
     * {@code coldStartGeneralRankConf}: the cold recall's x, y are coarse-ranked apart (top 1 by coarse: y)
     * and appended after the main coarse rank's a, c, e.
     */
    @Test
    void coldStartGeneralRankConfSplitsTheColdRecallsItems() {
        FeedResult r = feed("home", "u3");
        assertThat(ids(r)).containsExactly("z", "y", "e", "c", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=coldStartGeneralRankConf\tadded a cold-start coarse rank"));
    }

    /** {@code coldStartGeneralRankConf} without any coarse rank: not applied (PAI-Rec reads it only inside one). */
    @Test
    void coldStartGeneralRankConfWithoutACoarseRankIsReportedNotApplied() {
        FeedResult r = feed("plain", "u22");
        assertThat(ids(r)).containsExactly("x", "e", "d", "c", "b", "a", "y");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=coldStartGeneralRankConf") && l.contains("no coarse rank"));
        assertThat(failures("coldStartGeneralRankConf", "not_applied")).isEqualTo(1);
    }

    /** {@code coldStartRankConf}: the cold recall's items scored by {@code fine} (x=6, y=7) instead of linucb. */
    @Test
    void coldStartRankConfReplacesTheColdStartModel() {
        FeedResult r = feed("plain", "u23");
        assertThat(item(r, "y").score()).isEqualTo(7.0);
        assertThat(ids(r)).containsExactly("y", "x", "e", "d", "c", "b", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=coldStartRankConf\treplaced ColdStartRankConfs.plain"));
    }

    /** {@code pipelines.<name>.RecallNames}: the pipeline recalls {@code cold} (x, y: appended) instead of {@code extra}. */
    @Test
    void pipelineRecallNamesReplaceThePipelinesRecalls() {
        FeedResult r = feed("home", "u5");
        assertThat(ids(r)).containsExactly("y", "x", "e", "c", "a");
        assertThat(item(r, "a").property("from_pipeline")).isNull();
        assertThat(r.logs()).anyMatch(l -> l.contains("param=pipelines.p1\treplaced PipelineConfs.home[0] keys [RecallNames, SortNames]"));
    }

    /**
     * {@code pipelines.<name>.FilterNames} and {@code .RankConf}: the pipeline keeps a (the first of a, z),
     * merged into the scene's a (properties only); z is not added.
     */
    @Test
    void pipelineFilterNamesAndRankConfReplaceThePipelinesOwn() {
        FeedResult r = feed("home", "u6");
        assertThat(ids(r)).containsExactly("e", "c", "a");
        assertThat(item(r, "a").property("from_pipeline")).isEqualTo("yes");
        assertThat(item(r, "a").score()).isEqualTo(1.0);
    }

    /** {@code recall.<name>} applies to a pipeline's recalls too, as PAI-Rec's pipeline recall clones them. */
    @Test
    void aRecallCloneReachesThePipelinesRecalls() {
        FeedResult r = feed("home", "u7");
        assertThat(ids(r)).contains("w").doesNotContain("z");
        assertThat(item(r, "w").property("from_pipeline")).isEqualTo("clone");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=pipelines.p1\treplaced PipelineConfs.home[0] recalls [extra]"));
    }

    /**
     * {@code recall.<name>.{includeRecalls,excludeRecalls,beABParams}} (BE multi-biz and recall-engine
     * recalls only), a {@code debugConfig} the engine cannot write (datahub output) and a pipeline the scene
     * lacks: nothing changes, each is reported and counted.
     */
    @Test
    void parametersWithoutMeaningHereAreReportedNotApplied() {
        FeedResult r = feed("home", "u8");
        assertThat(ids(r)).containsExactly("z", "e", "c", "a");
        for (String p : List.of("recall.main.includeRecalls", "recall.main.excludeRecalls", "recall.main.beABParams",
                "debugConfig")) {
            assertThat(r.logs()).anyMatch(l -> l.contains("param=" + p + "\tnot applied"));
            assertThat(failures(p, "not_supported")).isEqualTo(1);
        }
        assertThat(failures("pipelines.nope.RecallNames", "unknown_component")).isEqualTo(1);
    }

    /** A {@code generalRankConf} that cannot be built leaves the configured coarse rank serving. */
    @Test
    void aCoarseRankConfThatCannotBeBuiltLeavesTheConfiguredOne() {
        FeedResult r = feed("home", "u9");
        assertThat(ids(r)).containsExactly("z", "e", "c", "a");
        assertThat(r.logs()).anyMatch(l -> l.contains("param=generalRankConf") && l.contains("not applied"));
        assertThat(failures("generalRankConf", "bad_config")).isEqualTo(1);
    }

    private RequestPlan plan(Map<String, Object> params) {
        return generation.pipeline("home").plan(RecContext.builder("r").experimentId("E").abParams(params)
                .sceneId("home").size(10).build());
    }

    /**
     * Each variant is built once per distinct config and shared: two requests whose parameters are equal
     * maps (another instance, another key order) run the same coarse rank, cold-start rank and pipeline.
     */
    @Test
    void aVariantIsBuiltOncePerDistinctConfig() {
        Map<String, Object> g1 = new LinkedHashMap<>();
        g1.put("RankConf", Map.of("RankAlgoList", List.of("coarse")));
        g1.put("ActionConfs", List.of(Map.of("ActionType", "filter", "ActionName", "top1")));
        Map<String, Object> g2 = new LinkedHashMap<>();
        g2.put("ActionConfs", List.of(Map.of("ActionName", "top1", "ActionType", "filter")));
        g2.put("RankConf", Map.of("RankAlgoList", List.of("coarse")));
        Map<String, Object> cold = Map.of("RecallName", "cold", "AlgoName", "fine");
        RequestPlan first = plan(Map.of("generalRankConf", g1, "coldStartRankConf", cold,
                "pipelines.p1.FilterNames", List.of("top1")));
        RequestPlan second = plan(Map.of("generalRankConf", g2, "coldStartRankConf", Map.copyOf(cold),
                "pipelines.p1.FilterNames", List.of("top1")));
        RequestPlan configured = plan(Map.of());
        assertThat(first.stages().generalRankStage()).isNotNull().isNotSameAs(configured.stages().generalRankStage())
                .isSameAs(second.stages().generalRankStage());
        assertThat(first.stages().coldStartRank()).isNotNull().isSameAs(second.stages().coldStartRank());
        assertThat(first.stages().pipelines().pipelines().get(0))
                .isNotSameAs(configured.stages().pipelines().pipelines().get(0))
                .isSameAs(second.stages().pipelines().pipelines().get(0));
        assertThat(plan(Map.of("wy", 1)).stages()).isSameAs(configured.stages());
    }
}
