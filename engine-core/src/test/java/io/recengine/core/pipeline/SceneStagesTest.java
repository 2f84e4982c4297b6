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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages around a scene's rank through the engine (generation, scene pipeline, feed service), on
 * hand-worked cases that pin PAI-Rec's behaviour; each test names the Go file it follows
 * ({@code service/general_rank/*.go}, {@code service/rank/cold_start_rank.go} and {@code rank_service.go},
 * {@code service/pipeline/*.go}, {@code service/user_recommend.go}, {@code service/fallback/*.go}).
 * Components come from {@link StagesTestPlugin}. No timing is asserted: the fallback case holds its recall
 * at a gate the test opens only after the answer.
 */
class SceneStagesTest {

    private static final long GUARD_S = 30;

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private PluginRegistry registry;
    private ExecutorService recallPool;
    private ExecutorService pluginPool;
    private ExecutorService afterPool;
    private EngineGeneration generation;

    @BeforeEach
    void setUp() throws IOException {
        StagesTestPlugin.reset();
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), StagesTestPlugin.class.getName() + "\n");
        registry = PluginRegistry.load(new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader()), null);
        recallPool = Executors.newFixedThreadPool(4);
        pluginPool = Executors.newFixedThreadPool(4);
        afterPool = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        StagesTestPlugin.gate.countDown();
        if (generation != null) {
            generation.close();
        }
        recallPool.shutdownNow();
        pluginPool.shutdownNow();
        afterPool.shutdownNow();
        registry.close();
    }

    private static final String COMPONENTS = """
            "EngineConf": {"RequestTimeout": 600000},
            "RecallConfs": [
              {"Name": "main", "RecallType": "Listed", "Items": "a:1,b:2,c:3,d:4,e:5", "Timeout": 600000},
              {"Name": "cold", "RecallType": "Listed", "Items": "x:1,y:2", "Timeout": 600000},
              {"Name": "extra", "RecallType": "Listed", "Items": "a:0,z:7", "Props": "from_pipeline=yes,tag=p1", "Timeout": 600000},
              {"Name": "gated", "RecallType": "Gated", "Items": "g1:1,g2:2", "Timeout": 600000}],
            "AlgoConfs": [
              {"Name": "coarse", "Type": "Table", "Scores": "a=5,b=1,c=4,d=2,e=3,x=1,y=2", "Timeout": 600000},
              {"Name": "fine", "Type": "Table", "Scores": "a=1,b=2,c=3,d=4,e=5,x=6,y=7,z=8", "Timeout": 600000},
              {"Name": "linucb", "Type": "Table", "Scores": "x=9,y=0.5", "Timeout": 600000},
              {"Name": "fine_meet", "Type": "Table", "Scores": "a=1,b=2,c=3,d=4,e=5", "Meet": true, "Timeout": 600000},
              {"Name": "linucb_meet", "Type": "Table", "Scores": "x=9,y=0.5", "Meet": true, "Timeout": 600000}],
            "FilterConfs": [
              {"Name": "top3", "FilterType": "AdjustCountFilter", "RetainNum": 3},
              {"Name": "top1", "FilterType": "AdjustCountFilter", "RetainNum": 1},
              {"Name": "exposure", "FilterType": "Exposure"}],
            """;

    private FeedService start(String json) throws IOException {
        EngineConfig config = ConfigLoader.parse(("{" + COMPONENTS + json + "}").getBytes(StandardCharsets.UTF_8), "test", tmp);
        List<ConfigException> problems = ConfigValidator.validate(config, registry, List.of(SceneStageChecks::check));
        assertThat(problems).as("config problems").isEmpty();
        EngineMetrics metrics = new EngineMetrics(meters);
        generation = EngineGeneration.build(config, registry, metrics, recallPool, pluginPool, Clock.systemUTC(), Map.of());
        return new FeedService(() -> generation, metrics, afterPool, List.of(), 600_000);
    }

    private List<String> problems(String json) throws IOException {
        EngineConfig config = ConfigLoader.parse(("{" + COMPONENTS + json + "}").getBytes(StandardCharsets.UTF_8), "test", tmp);
        List<String> out = new ArrayList<>();
        ConfigValidator.validate(config, registry, List.of(SceneStageChecks::check)).forEach(e -> out.add(e.getMessage()));
        return out;
    }

    private static FeedRequest request(int size) {
        return FeedRequest.builder("u1").sceneId("home").size(size).debug(true).build();
    }

    private static List<String> ids(FeedResult r) {
        return StagesTestPlugin.ids(r.items());
    }

    private static Item item(FeedResult r, String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * {@code general_rank.go}, {@code base_general_rank.go}, {@code action.go}: features, then the coarse
     * model in BatchCount batches with RankScore, then the actions in order (sort by score, keep 3); the fine
     * rank sees only the 3 survivors.
     */
    @Test
    void generalRank_go_coarseModelThenActionsInOrder() throws IOException {
        FeedService feed = start("""
                "GeneralRankConfs": {"home": {
                   "FeatureLoadConfs": [{"FeatureDaoConf": {"AdapterType": "ListDao", "FeatureStore": "item"}}],
                   "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}", "BatchCount": 2},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top3"}]}},
                "RankConf": {"home": {"RankAlgoList": ["fine"], "RankScore": "${fine}"}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"]}}}""");
        FeedResult r = feed.feed(request(10));
        // coarse scores a=5 c=4 e=3 survive; the fine scores order them e(5) c(3) a(1)
        assertThat(ids(r)).containsExactly("e", "c", "a");
        assertThat(StagesTestPlugin.BATCHES.get("coarse")).containsExactlyInAnyOrder(
                List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(StagesTestPlugin.BATCHES.get("fine")).containsExactly(List.of("a", "c", "e"));
        assertThat(item(r, "e").property("Feature")).isEqualTo("loaded");
        assertThat(item(r, "e").algoScore("coarse")).isEqualTo(3.0);
        assertThat(r.code()).isEqualTo(FeedResult.NOT_ENOUGH);
        assertThat(meters.find("pairec.general_rank.duration").tag("scene", "home").timer().count()).isEqualTo(1);
    }

    /** {@code base_general_rank.go}: the coarse rank scores only with models; a RankScore alone does nothing. */
    @Test
    void baseGeneralRank_go_noModelsNoScore() throws IOException {
        FeedService feed = start("""
                "GeneralRankConfs": {"home": {"RankConf": {"RankScore": "100"},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top3"}]}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"]}}}""");
        FeedResult r = feed.feed(request(10));
        // recall scores a=1..e=5 kept: the top 3 by them
        assertThat(ids(r)).containsExactly("e", "d", "c");
        assertThat(r.items()).allMatch(i -> i.score() != 100);
    }

    /**
     * {@code coldstart_general_rank.go} and {@code general_rank.go}: items of the cold-start recalls are
     * coarse-ranked apart (their own actions) and appended after the others.
     */
    @Test
    void coldstartGeneralRank_go_coldRecallRankedApartAndAppended() throws IOException {
        FeedService feed = start("""
                "GeneralRankConfs": {"home": {
                   "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top3"}]}},
                "ColdStartGeneralRankConfs": {"home": {"RecallNames": ["cold"],
                   "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top1"}]}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["cold", "main"]}}}""");
        FeedResult r = feed.feed(request(10));
        // before the scene's sort: a(5) c(4) e(3) from the main coarse rank, then y(2), the cold rank's top 1
        List<Item> byOrigin = new ArrayList<>(r.items());
        byOrigin.sort((p, q) -> Integer.compare((Integer) p.property(ScenePipeline.ORIGIN_POSITION),
                (Integer) q.property(ScenePipeline.ORIGIN_POSITION)));
        assertThat(StagesTestPlugin.ids(byOrigin)).containsExactly("a", "c", "e", "y");
        assertThat(StagesTestPlugin.BATCHES.get("coarse")).containsExactlyInAnyOrder(
                List.of("a", "b", "c", "d", "e"), List.of("x", "y"));
    }

    /**
     * {@code service/rank/cold_start_rank.go} with {@code rank_service.go}: the cold-start recall's items skip
     * the scene's models and RankScore; their own model's score is their score.
     */
    @Test
    void coldStartRank_go_recallItemsScoredByTheirOwnModel() throws IOException {
        FeedService feed = start("""
                "ColdStartRankConfs": {"home": {"RecallName": "cold", "AlgoName": "linucb"}},
                "RankConf": {"home": {"RankAlgoList": ["fine"], "RankScore": "${fine} * 10"}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main", "cold"]}}}""");
        FeedResult r = feed.feed(request(10));
        assertThat(StagesTestPlugin.BATCHES.get("fine")).containsExactly(List.of("a", "b", "c", "d", "e"));
        assertThat(StagesTestPlugin.BATCHES.get("linucb")).containsExactly(List.of("x", "y"));
        assertThat(item(r, "x").score()).isEqualTo(9.0);
        assertThat(item(r, "y").score()).isEqualTo(0.5);
        assertThat(item(r, "e").score()).isEqualTo(50.0);
        assertThat(ids(r)).containsExactly("e", "d", "c", "b", "a", "x", "y");
    }

    /**
     * {@code service/rank/rank_service.go} ({@code Rank}): the cold-start model is started before the main
     * models' batches and waited for after them, so the two run at once; each sees only its own items.
     * The two rankers answer only once both have been called: run one after the other, they would not meet.
     */
    @Test
    void rankService_go_coldStartModelRunsBesideTheMainModels() throws IOException {
        FeedService feed = start("""
                "ColdStartRankConfs": {"home": {"RecallName": "cold", "AlgoName": "linucb_meet"}},
                "RankConf": {"home": {"RankAlgoList": ["fine_meet"], "RankScore": "${fine_meet}"}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main", "cold"]}}}""");
        FeedResult r = feed.feed(request(10));
        assertThat(StagesTestPlugin.MET).containsEntry("fine_meet", true).containsEntry("linucb_meet", true);
        assertThat(StagesTestPlugin.BATCHES.get("fine_meet")).containsExactly(List.of("a", "b", "c", "d", "e"));
        assertThat(StagesTestPlugin.BATCHES.get("linucb_meet")).containsExactly(List.of("x", "y"));
        assertThat(item(r, "x").score()).isEqualTo(9.0);
        assertThat(item(r, "e").score()).isEqualTo(5.0);
        assertThat(ids(r)).containsExactly("x", "e", "d", "c", "b", "a", "y");
    }

    /** {@code rank_service.go}: without a RankConf the scene ranks nothing, cold-start items included. */
    @Test
    void rankService_go_noRankConfNoColdStartRank() throws IOException {
        FeedService feed = start("""
                "ColdStartRankConfs": {"home": {"RecallName": "cold", "AlgoName": "linucb"}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main", "cold"]}}}""");
        FeedResult r = feed.feed(request(10));
        assertThat(StagesTestPlugin.BATCHES).doesNotContainKey("linucb");
        assertThat(item(r, "x").score()).isEqualTo(1.0);
    }

    /**
     * {@code service/pipeline/*.go} and {@code user_recommend.go} ({@code mergePipelineItems}): the
     * pipeline runs its own recall → filter → rank → cold-start rank → sort; its items are merged before the
     * scene's sort: an id the scene has takes the pipeline item's properties, a new id is appended.
     */
    @Test
    void pipeline_go_itemsMergedBeforeTheScenesSort() throws IOException {
        FeedService feed = start("""
                "PipelineConfs": {"home": [{"Name": "p1", "RecallNames": ["extra"], "FilterNames": ["exposure"],
                   "RankConf": {"RankAlgoList": ["fine"], "RankScore": "${fine}"},
                   "ColdStartRankConf": {"AlgoName": "linucb"},
                   "SortNames": ["ItemRankScore"]}]},
                "RankConf": {"home": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"}},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"]}}}""");
        FeedResult r = feed.feed(request(10));
        // scene: a=5 b=1 c=4 d=2 e=3 (coarse); pipeline: z=8 (fine; linucb has no z), a merged into the scene's a
        assertThat(ids(r)).containsExactly("z", "a", "c", "e", "d", "b");
        assertThat(item(r, "a").score()).isEqualTo(5.0);
        assertThat(item(r, "a").property("from_pipeline")).isEqualTo("yes");
        assertThat(item(r, "a").retrieveId()).isEqualTo("main");
        assertThat(item(r, "z").retrieveId()).isEqualTo("extra");
        // the pipeline's models saw only the pipeline's items; its cold-start model all of them
        assertThat(StagesTestPlugin.BATCHES.get("fine")).containsExactly(List.of("a", "z"));
        assertThat(StagesTestPlugin.BATCHES.get("linucb")).containsExactly(List.of("a", "z"));
        assertThat(item(r, "b").property("from_pipeline")).isNull();
    }

    /**
     * The diagnostic trace shows the coarse ranks (with their steps: models, actions), the cold-start rank
     * beside the fine rank, and each pipeline's steps, and still accounts for every candidate: the items the
     * coarse rank removed and those a pipeline appended.
     */
    @Test
    @SuppressWarnings("unchecked")
    void diagnose_coarseRankColdStartAndPipelineStepsAreTraced() throws IOException {
        FeedService feed = start("""
                "GeneralRankConfs": {"home": {"RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top3"}]}},
                "ColdStartGeneralRankConfs": {"home": {"RecallNames": ["cold"],
                   "RankConf": {"RankAlgoList": ["coarse"], "RankScore": "${coarse}"},
                   "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                   {"ActionType": "filter", "ActionName": "top1"}]}},
                "ColdStartRankConfs": {"home": {"RecallName": "cold", "AlgoName": "linucb"}},
                "RankConf": {"home": {"RankAlgoList": ["fine"], "RankScore": "${fine}"}},
                "PipelineConfs": {"home": [{"Name": "p1", "RecallNames": ["extra"], "FilterNames": ["exposure"],
                   "GeneralRankConf": {"ActionConfs": [{"ActionType": "filter", "ActionName": "top3"}]},
                   "RankConf": {"RankAlgoList": ["fine"], "RankScore": "${fine}"},
                   "ColdStartRankConf": {"AlgoName": "linucb"}, "SortNames": ["ItemRankScore"]}]},
                "SceneConfs": {"home": {"default": {"RecallNames": ["cold", "main"]}}}""");
        io.recengine.core.request.Diagnosis d = feed.diagnose(request(10));
        assertThat(ids(d.result())).containsExactlyInAnyOrder("a", "c", "e", "y", "z");
        List<Map<String, Object>> stages = (List<Map<String, Object>>) d.trace().get("stages");
        assertThat(stages).extracting(st -> st.get("stage")).containsSubsequence("recall", "general_rank",
                "general_rank", "rank", "cold_start_rank", "pipelines", "truncate");

        List<Map<String, Object>> coarse = stages.stream().filter(st -> st.get("stage").equals("general_rank")).toList();
        assertThat(coarse.get(0)).containsEntry("name", "GeneralRankConfs").containsEntry("before", 5).containsEntry("after", 3);
        List<Map<String, Object>> steps = (List<Map<String, Object>>) coarse.get(0).get("steps");
        assertThat(steps).extracting(st -> st.get("stage")).containsExactly("rank", "sort", "filter");
        assertThat(steps.get(2)).containsEntry("name", "top3").containsEntry("before", 5).containsEntry("after", 3);
        assertThat((List<Map<String, Object>>) steps.get(2).get("removed")).extracting(r -> r.get("item_id"))
                .containsExactlyInAnyOrder("b", "d");
        assertThat(coarse.get(1)).containsEntry("name", "ColdStartGeneralRankConfs").containsEntry("before", 2)
                .containsEntry("after", 1);

        Map<String, Object> cold = stages.stream().filter(st -> st.get("stage").equals("cold_start_rank")).findFirst().orElseThrow();
        assertThat(cold).containsEntry("name", "linucb").containsEntry("recall", "cold").containsKeys("start_ms", "ms");
        assertThat((List<Map<String, Object>>) cold.get("items")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("item_id", "y").containsEntry("score", 0.5));

        Map<String, Object> merged = stages.stream().filter(st -> st.get("stage").equals("pipelines")).findFirst().orElseThrow();
        assertThat(merged).containsEntry("before", 4).containsEntry("after", 5).containsEntry("added", 1);
        Map<String, Object> p1 = ((List<Map<String, Object>>) merged.get("pipelines")).get(0);
        assertThat(p1).containsEntry("name", "p1").containsEntry("count", 2).doesNotContainKey("error").containsKeys("start_ms", "ms");
        List<Map<String, Object>> pSteps = (List<Map<String, Object>>) p1.get("steps");
        assertThat(pSteps).extracting(st -> st.get("stage"))
                .containsExactly("recall", "filter", "general_rank", "rank", "cold_start_rank", "sort");
        assertThat(pSteps.get(0)).containsEntry("count", 2);
        assertThat((List<Map<String, Object>>) pSteps.get(2).get("steps")).extracting(st -> st.get("stage"))
                .containsExactly("filter");

        Map<String, Object> accounting = (Map<String, Object>) d.trace().get("accounting");
        assertThat(accounting).containsEntry("recalled", 7).containsEntry("added_by_pipelines", 1)
                .containsEntry("removed_by_general_rank", 3).containsEntry("returned", 5).containsEntry("balanced", true);
    }

    /** {@code user_recommend.go} {@code mergePipelineItems}, on items alone. */
    @Test
    void userRecommend_go_mergePipelineItems() {
        Item a = new Item("a", "r1", 1);
        a.setProperty("k", "scene");
        a.setProperty("only_scene", 1);
        Item b = new Item("b", "r1", 2);
        Item pa = new Item("a", "p", 9);
        pa.setProperty("k", "pipeline");
        Item pz = new Item("z", "p", 3);
        Item pz2 = new Item("z", "p2", 4);
        pz2.setProperty("second", true);
        List<Item> merged = SubPipelines.merge(new ArrayList<>(List.of(a, b)), List.of(pa, pz, pz2));
        assertThat(StagesTestPlugin.ids(merged)).containsExactly("a", "b", "z");
        assertThat(merged.get(0)).isSameAs(a);
        assertThat(a.property("k")).isEqualTo("pipeline");
        assertThat(a.property("only_scene")).isEqualTo(1);
        assertThat(a.score()).isEqualTo(1.0);
        assertThat(merged.get(2)).isSameAs(pz);
        assertThat(pz.property("second")).isEqualTo(true);
    }

    /**
     * {@code user_recommend.go} {@code TryRecommendWithFallback} with {@code feature_store_fallback.go}: past
     * Timeout the fallback list is the answer and counted; the late pipeline's after-response work (the
     * exposure filter) still runs, with the pipeline's own items; the list is read once and cached.
     */
    @Test
    void userRecommend_go_timeoutAnswersTheFallbackAndTheLatePipelineStillLogs() throws Exception {
        FeedService feed = start("""
                "FilterNames": {"home": ["exposure"]},
                "SceneConfs": {"home": {"default": {"RecallNames": ["gated"],
                   "FallbackConfig": {"Timeout": 20, "AdapterType": "ListDao", "Ids": "f1:hot:3,f2,f3::1"}}}}""");
        FeedResult r = feed.feed(request(2));
        assertThat(ids(r)).hasSize(2).isSubsetOf("f1", "f2", "f3");
        assertThat(r.items()).allMatch(i -> i.retrieveId().equals(i.id().equals("f1") ? "hot" : "Fallback"));
        assertThat(r.code()).isEqualTo(FeedResult.OK);
        assertThat(meters.counter("pairec.fallback", "scene", "home").count()).isEqualTo(1);
        assertThat(StagesTestPlugin.EXPOSED).isEmpty();

        FeedResult again = feed.feed(request(3));
        assertThat(ids(again)).containsExactlyInAnyOrder("f1", "f2", "f3");
        assertThat(StagesTestPlugin.LIST_READS.get()).isEqualTo(1);
        assertThat(meters.counter("pairec.fallback", "scene", "home").count()).isEqualTo(2);

        StagesTestPlugin.gate.countDown();
        List<String> first = StagesTestPlugin.EXPOSED.poll(GUARD_S, TimeUnit.SECONDS);
        List<String> second = StagesTestPlugin.EXPOSED.poll(GUARD_S, TimeUnit.SECONDS);
        assertThat(first).containsExactly("g2", "g1");
        assertThat(second).containsExactly("g2", "g1");
    }

    /**
     * {@code user_recommend.go}: in time but short of size with CompleteItemsIfNeed, the answer is completed
     * from the fallback answer (request items first), without repeating an id; counted.
     */
    @Test
    void userRecommend_go_completesAShortAnswer() throws IOException {
        FeedService feed = start("""
                "SceneConfs": {"home": {"default": {"RecallNames": ["cold"],
                   "FallbackConfig": {"Timeout": 600000, "CompleteItemsIfNeed": true, "AdapterType": "ListDao",
                                      "Ids": "x,f1:hot:1"}}}}""");
        FeedResult r = feed.feed(FeedRequest.builder("u1").sceneId("home").size(4)
                .itemList(List.of(Map.of("item_id", "f1", "score", 2))).build());
        // pipeline: y(2) x(1); fallback answer: f1 (in item_list and the list: first), then x (already there)
        assertThat(ids(r)).containsExactly("y", "x", "f1");
        assertThat(item(r, "f1").score()).isEqualTo(3.0);
        assertThat(r.code()).isEqualTo(FeedResult.NOT_ENOUGH);
        assertThat(meters.counter("pairec.fallback", "scene", "home").count()).isEqualTo(1);
        // enough items: no completion, not counted
        feed.feed(FeedRequest.builder("u1").sceneId("home").size(2).build());
        assertThat(meters.counter("pairec.fallback", "scene", "home").count()).isEqualTo(1);
    }

    /**
     * {@code feature_store_fallback.go}: a {@code CacheConfig} PAI-Rec cannot read makes it drop the scene's
     * fallback; here the config is refused at start, naming the key.
     */
    @Test
    void featureStoreFallback_go_anUnreadableCacheConfigIsRefusedAtStart() throws IOException {
        List<String> p = problems("""
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"],
                   "FallbackConfig": {"Timeout": 50, "AdapterType": "ListDao", "CacheConfig": "{defaultExpiration: 1}"}}}}""");
        assertThat(p).anyMatch(m -> m.startsWith("SceneConfs.home.default.FallbackConfig, key CacheConfig: is not valid JSON"));
        assertThat(problems("""
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"],
                   "FallbackConfig": {"Timeout": 50, "AdapterType": "ListDao",
                                      "CacheConfig": "{\\"defaultExpiration\\":600, \\"cleanupInterval\\":60}"}}}}""")).isEmpty();
    }

    /** The reference checks: each problem names the section, the key and the known names. */
    @Test
    void badReferencesAreNamed() throws IOException {
        List<String> p = problems("""
                "GeneralRankConfs": {"nohome": {"ActionConfs": [{"ActionType": "sort", "ActionName": "nosort"}]}},
                "ColdStartGeneralRankConfs": {"home": {"RecallNames": ["cold"]}},
                "ColdStartRankConfs": {"home": {"RecallName": "nocall", "AlgoName": "noalgo", "OnlyEmbeddingFeature": true}},
                "PipelineConfs": {"home": [{"Name": "p", "FilterNames": ["nofilter"], "ColdStartRankConf": {"AlgoName": "x"}},
                                           {"Name": "p"}]},
                "SceneConfs": {"home": {"default": {"RecallNames": ["main"], "FallbackConfig": {"AdapterType": "Nope"}},
                                        "other": {"RecallNames": ["main"], "FallbackConfig": {"Timeout": 5}}}}""");
        assertThat(p).contains(
                "GeneralRankConfs, key nohome: scene 'nohome' is not in SceneConfs, so this entry is never used. Scenes: [home]",
                "GeneralRankConfs.nohome.ActionConfs[0], key ActionName: 'nosort' is not defined in SortConfs or DPPConf. Defined: [ItemRankScore]",
                "ColdStartGeneralRankConfs, key home: has no effect without GeneralRankConfs.home (PAI-Rec coarse-ranks cold-start recalls only beside a coarse rank)",
                "ColdStartRankConfs.home, key RecallName: 'nocall' is not defined in RecallConfs. Defined: [ContextItemRecall, cold, extra, gated, main]",
                "ColdStartRankConfs.home, key AlgoName: algo 'noalgo' is not defined in AlgoConfs. Defined: [coarse, fine, fine_meet, linucb, linucb_meet]",
                "ColdStartRankConfs.home, key OnlyEmbeddingFeature: true is not supported yet (the model gets the user's and items' features); remove it or set false",
                "PipelineConfs.home[0], key FilterNames: 'nofilter' is not defined in FilterConfs. Defined: [UniqueFilter, exposure, top1, top3]",
                "PipelineConfs.home[0].ColdStartRankConf, key AlgoName: algo 'x' is not defined in AlgoConfs. Defined: [coarse, fine, fine_meet, linucb, linucb_meet]",
                "PipelineConfs.home[1], key Name: duplicate pipeline name 'p'",
                "SceneConfs.home.default.FallbackConfig, key Timeout: must be a positive number of milliseconds (the scene answers the fallback list past it), got null",
                "SceneConfs.home.other, key FallbackConfig: is read only in the \"default\" category (SceneConfs.home.default.FallbackConfig); move it there");
        assertThat(p).anyMatch(m -> m.startsWith("SceneConfs.home.default.FallbackConfig, key AdapterType: unknown feature DAO 'Nope'. Known: [")
                && m.contains("ListDao"));
    }
}
