package io.recengine.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "config-samples");

    @TempDir
    Path tmp;
    private RecEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void typedFeedAnswersTheItemsInOrder() {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        FeedResult r = engine.feed(FeedRequest.builder("1").size(2).sceneId("home_feed").requestId("r-1")
                .itemList(List.of(Map.of("item_id", "a", "score", 0.1), Map.of("item_id", "b", "score", 0.9),
                        Map.of("item_id", "c", "score", 0.5)))
                .build());
        assertThat(r.code()).isEqualTo(FeedResult.OK);
        assertThat(r.msg()).isEqualTo("success");
        assertThat(r.requestId()).isEqualTo("r-1");
        assertThat(r.items()).extracting(Item::id).containsExactly("b", "c");
        assertThat(r.items()).extracting(Item::retrieveId).containsOnly("ContextItemRecall");
    }

    @Test
    void startRefusesAConfigWithEveryProblemListed() throws IOException {
        Path cfg = tmp.resolve("bad.json");
        Files.writeString(cfg, """
                {"RecallConfs":[{"Name":"r1","RecallType":"Foo"},{"RecallType":"MockRecall"},
                                {"Name":"m","RecallType":"MockRecall","RecallCount":"200"}],
                 "FilterConfs":[{"Name":"adj","FilterType":"AdjustCountFilter"}],
                 "SceneConfs":{"home":{"default":{"RecallNames":["r1","missing"]}},"feed2":{"default":{"AutoInvokeCallBack":true}}},
                 "FilterNames":{"home":["UniqueFilter","nofilter"]},
                 "SortNames":{"default":["nosort"]},
                 "RankConf":{"home":{"RankAlgoList":["noalgo"]}},
                 "AlgoConfs":[{"Name":"a","Type":"EAS","EasConf":{"Processor":"Nope"}}],
                 "CallBackConfs":{"home":{"DataSource":{"Name":"dh","Type":"datahub"}}},
                 "FeatureConfs":{"home":{"FeatureLoadConfs":[{"FeatureDaoConf":{"AdapterType":"hologres","HologresName":"holo"}}]}}
                }""");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(cfg)))
                .isInstanceOf(ConfigValidationException.class)
                .satisfies(e -> {
                    String m = e.getMessage();
                    assertThat(m).contains("recall 'r1' (RecallConfs[0]), key RecallType: unknown recall type 'Foo'. Known: [ContextItemRecall, MockRecall]");
                    assertThat(m).contains("RecallConfs[1], key Name: every RecallConfs entry needs a Name");
                    assertThat(m).contains("key RecallCount: expected a number, got string \"200\"");
                    assertThat(m).contains("key RetainNum: must be a positive number");
                    assertThat(m).contains("SceneConfs.home.default, key RecallNames: recall 'missing' is not defined in RecallConfs");
                    assertThat(m).contains("SceneConfs.feed2.default, key AutoInvokeCallBack: is true but CallBackConfs has no entry for scene 'feed2'");
                    assertThat(m).contains("FilterNames.home, key nofilter: filter 'nofilter' is not defined in FilterConfs");
                    assertThat(m).contains("SortNames.default, key nosort: sort 'nosort' is not defined");
                    assertThat(m).contains("RankConf.home, key RankAlgoList: algo 'noalgo' is not defined in AlgoConfs");
                    assertThat(m).contains("unknown ranker type 'Nope'");
                    assertThat(m).contains("CallBackConfs.home, key DataSource.Type: unknown callback sink type 'datahub'");
                    assertThat(m).contains("CallBackConfs.home, key DataSource.Name: 'dh' is not defined in DatahubConfs");
                    assertThat(m).contains("key HologresName: 'holo' is not defined in HologresConfs");
                });
    }

    @Test
    void validateReportsUnreadableJsonAsOneProblem() throws IOException {
        Path cfg = tmp.resolve("broken.json");
        Files.writeString(cfg, "{\"SceneConfs\": {");
        var problems = RecEngine.validate(EngineOptions.of(cfg));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).getMessage()).contains("broken.json").contains("invalid JSON at line 1");
    }

    @Test
    void describeListsPluginsAndComponents() {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("scaffold.json")));
        var d = engine.describe();
        assertThat(d.get("scenes").toString()).contains("home_feed");
        assertThat(d.get("plugins").toString()).contains("builtin").contains("MockRecall");
        assertThat(engine.httpPort()).isEqualTo(8000);
    }
}
