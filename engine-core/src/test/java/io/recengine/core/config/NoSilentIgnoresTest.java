package io.recengine.core.config;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13, "no silent ignores": every PAI-Rec section is read, refused as not supported yet, or (logging,
 * metrics) accepted with a warning; names inside refused sections are checked too. Validate and start-up agree.
 */
class NoSilentIgnoresTest {

    private static final String SCENE = "\"SceneConfs\":{\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}}";

    @TempDir
    Path dir;

    private List<String> bothRefuse(String json) throws IOException {
        Path p = dir.resolve("recconf.json");
        Files.writeString(p, json);
        List<String> validated = RecEngine.validate(EngineOptions.of(p)).stream().map(ConfigException::getMessage).toList();
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> {
            try (RecEngine ignored = RecEngine.start(EngineOptions.of(p))) {
                // refused before this
            }
        });
        assertThat(e).as("start-up must refuse").isNotNull();
        assertThat(e.problems().stream().map(ConfigException::getMessage).toList()).isEqualTo(validated);
        return validated;
    }

    @Test
    void theIssuesExampleIsRefusedWithOneMessagePerProblem() throws IOException {
        List<String> problems = bothRefuse("""
                {"SortNames": {"default": ["ItemRankScore", "dpp"]}, "DPPConf": [{"Name": "dpp", "EmbeddingColumn": "emb"}],
                 "GeneralRankConfs": {"home_feed": {"RankConf": {"RankAlgoList": ["nope"]},
                                      "ActionConfs": [{"ActionType": "filter", "ActionName": "nofilter"}]}},
                 "PipelineConfs": {"home_feed": [{"Name": "p1", "RecallNames": ["nosuchrecall"]}]},
                 "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}}}""");
        assertThat(problems).contains(
                "GeneralRankConfs.home_feed.RankConf, key RankAlgoList: algo 'nope' is not defined in AlgoConfs. Defined: []",
                "GeneralRankConfs.home_feed.ActionConfs[0], key ActionName: 'nofilter' is not defined in FilterConfs. Defined: [UniqueFilter]",
                "PipelineConfs.home_feed[0], key RecallNames: 'nosuchrecall' is not defined in RecallConfs. Defined: [ContextItemRecall]");
        assertThat(problems).doesNotHaveDuplicates();
        // read now (issue 15): no longer refused as a whole, only their bad names are
        assertThat(problems).noneMatch(m -> m.startsWith("config, key GeneralRankConfs")
                || m.startsWith("config, key PipelineConfs"));
    }

    @Test
    void refusedSectionsAndKeysAreNamed() throws IOException {
        List<String> problems = bothRefuse("{" + """
                "SceneConfs":{"home_feed":{"default":{"RecallNames":["ContextItemRecall"],"FallbackConfig":{"Timeout":10}}}},
                "RankConf":{"home_feed":{"RankScore":"1","ASTType":"antlr"}},
                "RedisConfs":{"r":{"Host":"x"}}}""");
        assertThat(problems).contains(
                "RankConf.home_feed, key ASTType: 'antlr' is not supported yet; leave it out for PAI-Rec's default expression language");
        assertThat(problems).anyMatch(m -> m.startsWith("config, key RedisConfs: not supported yet: no loaded plugin reads RedisConfs"));
        // FallbackConfig is read now (issue 15); this one lacks the DAO that holds the list
        assertThat(problems).anyMatch(m -> m.startsWith("SceneConfs.home_feed.default.FallbackConfig, key AdapterType: "
                + "is required: the feature DAO that reads the list"));
    }

    @Test
    void loggingSectionsAreAcceptedWithAWarning() throws IOException {
        Path p = dir.resolve("recconf.json");
        Files.writeString(p, "{" + SCENE + ",\"LogConf\":{\"LogLevel\":\"INFO\"},\"PrometheusConfig\":{\"Enable\":true},"
                + "\"SortConf\":[],\"ABTestConf\":{\"Host\":\"h\",\"Token\":\"t\"}}");
        assertThat(RecEngine.validate(EngineOptions.of(p))).isEmpty();
        assertThat(RecEngine.warnings(EngineOptions.of(p))).containsExactly(
                "config, key LogConf: accepted but not used by RecEngine (logging and metrics have their own settings here)",
                "config, key PrometheusConfig: accepted but not used by RecEngine (logging and metrics have their own settings here)",
                "config, key SortConf: not a PAI-Rec or RecEngine section; ignored (a typo?)",
                "config, key ABTestConf: accepted but not used; experiments come from EngineConf.ExperimentFile"
                        + " or EngineConf.Experiments (docs/experiments.md)");
    }

    @Test
    void anUnknownEasProcessorIsReportedUnderItsKey() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + ",\"AlgoConfs\":[{\"Name\":\"m\",\"Type\":\"EAS\","
                + "\"EasConf\":{\"Processor\":\"Nope\"}}]}");
        assertThat(problems).anyMatch(m -> m.startsWith("ranker 'm' (AlgoConfs[0]), key EasConf.Processor: unknown"));
    }

    @Test
    void aMapReadByACallbackSinkIsNotRefused() throws IOException {
        Path p = dir.resolve("recconf.json");
        Files.writeString(p, "{" + SCENE + ",\"FileConfs\":{\"f\":{\"Path\":\"rows\"}}}");
        assertThat(RecEngine.validate(EngineOptions.of(p))).isEmpty();
    }
}
