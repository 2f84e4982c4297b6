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
 * {@code validate} and start-up read the config the same way: every bad config below is refused by both,
 * with the same one-line problems (component, key, what is wanted, what was written), no Java class name.
 */
class ValidateAndStartAgreeTest {

    private static final String SCENE = "\"SceneConfs\":{\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}}";

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path p = dir.resolve("recconf.json");
        Files.writeString(p, json);
        return p;
    }

    private static List<String> validate(Path config) {
        return RecEngine.validate(EngineOptions.of(config)).stream().map(ConfigException::getMessage).toList();
    }

    private static List<String> start(Path config) {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> {
            try (RecEngine ignored = RecEngine.start(EngineOptions.of(config))) {
                // refused before this
            }
        });
        assertThat(e).as("start-up must refuse " + config).isNotNull();
        return e.problems().stream().map(ConfigException::getMessage).toList();
    }

    /** Both refuse, with the same problems; returns them. */
    private List<String> bothRefuse(String json) throws IOException {
        Path config = write(json);
        List<String> validated = validate(config);
        List<String> started = start(config);
        assertThat(validated).as("validate").isNotEmpty();
        assertThat(started).as("start-up").isEqualTo(validated);
        assertThat(validated).allSatisfy(m -> assertThat(m).doesNotContain("java.", "Exception", "Jackson", "FAIL_ON"));
        return validated;
    }

    @Test
    void engineConfKeysOfTheWrongTypeAreNamed() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + ",\"EngineConf\":{\"CallbackQueueSize\":\"x\","
                + "\"RecallThreads\":1.5,\"RequestTimeout\":{},\"CallbackSpillFsync\":\"yes\"}}");
        assertThat(problems).containsExactlyInAnyOrder(
                "EngineConf, key CallbackQueueSize: want an integer >= 1, got string \"x\"",
                "EngineConf, key RecallThreads: want an integer from 1 to 10000, got number 1.5",
                "EngineConf, key RequestTimeout: want an integer from 0 to 3600000, got an object",
                "EngineConf, key CallbackSpillFsync: want true or false, got string \"yes\"");
    }

    @Test
    void engineConfValuesOutOfRangeAreRefused() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + ",\"EngineConf\":{\"CallbackQueueSize\":-5,"
                + "\"CallbackWorkers\":0,\"RecallTimeout\":0,\"CallbackRetryIntervalMs\":1e400}}");
        assertThat(problems).containsExactlyInAnyOrder(
                "EngineConf, key CallbackQueueSize: want an integer >= 1, got number -5",
                "EngineConf, key CallbackWorkers: want an integer from 1 to 10000, got number 0",
                "EngineConf, key RecallTimeout: want an integer from 1 to 3600000, got number 0",
                "EngineConf, key CallbackRetryIntervalMs: want an integer from 1 to 3600000, got number Infinity");
    }

    @Test
    void componentNumbersTheEngineReadsAreChecked() throws IOException {
        List<String> problems = bothRefuse("""
                {"RecallConfs":[{"Name":"r","RecallType":"ContextItemRecall","Timeout":-1}],
                 "SceneConfs":{"home_feed":{"default":{"RecallNames":["r"]}}},
                 "RankConf":{"home_feed":{"BatchCount":"x"}}}""");
        assertThat(problems).containsExactlyInAnyOrder(
                "recall 'r' (RecallConfs[0]), key Timeout: want an integer from 1 to 3600000, got number -1",
                "RankConf.home_feed, key BatchCount: want an integer >= 0, got string \"x\"");
    }

    @Test
    void aBulkheadLimitBelowOneOrNotANumberIsRefusedByBoth() throws IOException {
        List<String> problems = bothRefuse("""
                {"RecallConfs":[{"Name":"a","RecallType":"ContextItemRecall","MaxConcurrency":0},
                                {"Name":"b","RecallType":"MockRecall","MaxConcurrency":"x"}],
                 "SceneConfs":{"home_feed":{"default":{"RecallNames":["a","b"]}}}}""");
        assertThat(problems).containsExactlyInAnyOrder(
                "recall 'a' (RecallConfs[0]), key MaxConcurrency: want an integer from 1 to 10000, got number 0",
                "recall 'b' (RecallConfs[1]), key MaxConcurrency: want an integer from 1 to 10000, got string \"x\"");
    }

    @Test
    void trailingTextAfterTheObjectIsRefusedAsGoDoes() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + "}\nx");
        assertThat(problems).singleElement().asString()
                .contains("invalid character 'x' after top-level value");
    }

    @Test
    void theTopLevelMustBeAnObject() throws IOException {
        assertThat(bothRefuse("[{" + SCENE + "}]")).singleElement().asString()
                .endsWith(": the top level must be a JSON object, got an array");
        assertThat(bothRefuse("42")).singleElement().asString()
                .endsWith(": the top level must be a JSON object, got a number");
    }

    @Test
    void aMissingDataFileIsOneLineNamingTheTableAndThePath() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + ",\"MatchEngineConf\":{\"Tables\":[{\"Name\":\"items\","
                + "\"Kind\":\"detail\",\"Path\":\"data/items.csv\",\"PrimaryKey\":\"id\"}]}}");
        assertThat(problems).singleElement().asString()
                .startsWith("'items' (MatchEngineConf.Tables[0]), key Path: file not found: ")
                .contains("items.csv (relative to the config)")
                .doesNotContain(dir.toString());
    }

    @Test
    void aBrokenDataFileRefusesStartUpInOneLine() throws IOException {
        // validate reads no data file; start-up does, and reports what it finds as a config problem
        Files.writeString(dir.resolve("items.csv"), "id,title\n1,a,extra\n");
        Path config = write("{" + SCENE + ",\"MatchEngineConf\":{\"Tables\":[{\"Name\":\"items\",\"Kind\":\"detail\","
                + "\"Path\":\"items.csv\",\"PrimaryKey\":\"id\"}]}}");
        assertThat(validate(config)).isEmpty();
        assertThat(start(config)).singleElement().asString()
                .startsWith("'items' (MatchEngineConf.Tables[0]), key Path: items.csv line 2: 3 fields, header has 2");
    }

    @Test
    void aGoodConfigStartsWithItsSettings() throws IOException {
        Path config = write("{" + SCENE + ",\"EngineConf\":{\"CallbackQueueSize\":10,\"CallbackWorkers\":1,"
                + "\"RequestTimeout\":0}}");
        assertThat(validate(config)).isEmpty();
        try (RecEngine engine = RecEngine.start(EngineOptions.of(config))) {
            assertThat(engine.httpPort()).isEqualTo(8000);
        }
    }

    /** A recall's result cache: an unknown {@code CacheAdapter}, a {@code CacheConfig} that is no JSON object. */
    @Test
    void recallCachesAreChecked() throws IOException {
        List<String> problems = bothRefuse("{" + SCENE + ",\"RecallConfs\":["
                + "{\"Name\":\"a\",\"RecallType\":\"MockRecall\",\"CacheAdapter\":\"memcache\"},"
                + "{\"Name\":\"b\",\"RecallType\":\"MockRecall\",\"CacheAdapter\":\"localCache\","
                + "\"CacheConfig\":\"{\\\"MaxSize\\\":0}\"},"
                + "{\"Name\":\"c\",\"RecallType\":\"MockRecall\",\"CacheAdapter\":\"localCache\","
                + "\"CacheConfig\":\"{\\\"password\\\":\\\"pw-123\"}]}");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("CacheAdapter", "unknown recall cache 'memcache'", "localCache");
        assertThat(problems.get(1)).contains("MaxSize");
        assertThat(problems.get(2)).contains("CacheConfig", "not valid JSON").doesNotContain("pw-123");
    }
}
