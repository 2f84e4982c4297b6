package io.recengine.plugin.datahub;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.DatasourceFactory;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code validate} (the DatahubConfs check) and start-up (the sink factory) read an entry the same way. */
class DatahubSettingsTest {

    private static final DatasourceFactory CONFS = new DatahubPlugin().datasourceFactories().get(0);

    @TempDir
    Path dir;

    @Test
    void badKeysAreNamedAndTheSinkRefusesWithTheFirstBeforeConnecting() {
        Map<String, Object> entry = Map.of("Endpoint", "http://127.0.0.1:1", "ProjectName", "p", "TopicName", "t",
                "AccessKey", "secret", "ReadTimeoutMs", "x", "CompressorType", "brotli",
                "Schemas", List.of(Map.of("Field", "f", "Type", "blob")));
        List<String> problems = CONFS.check(ComponentConfig.of("DatahubConfs.dh", entry)).stream()
                .map(Throwable::getMessage).toList();
        assertThat(problems).containsExactly(
                "DatahubConfs.dh, key ReadTimeoutMs: want an integer from 1 to 3600000, got string \"x\"",
                "DatahubConfs.dh, key CompressorType: want one of lz4, deflate, none, zstd, got \"brotli\"",
                "DatahubConfs.dh.Schemas[0], key Type: unknown field type 'blob'; known: string, integer, bigint, "
                        + "double, float, timestamp, boolean");
        TestPluginContext ctx = TestPluginContext.builder().datasourceConfig("DatahubConfs", "dh", entry).build();
        ComponentConfig ds = ComponentConfig.of("CallBackConfs.s.DataSource", Map.of("Type", "datahub", "Name", "dh"));
        assertThat(catchThrowableOfType(ConfigException.class, () -> new DatahubCallbackSink.Factory().create(ds, ctx)))
                .hasMessage(problems.get(0));
        assertThat(problems).allSatisfy(m -> assertThat(m).doesNotContain("secret"));
    }

    @Test
    void validateAndStartUpRefuseTheSameConfigWithTheSameProblems() throws Exception {
        Path config = dir.resolve("recconf.json");
        Files.writeString(config, """
                {"DatahubConfs": {"dh": {"Endpoint": "http://127.0.0.1:1", "ProjectName": "p", "TopicName": "t",
                                        "RetryIntervalMs": -1}},
                 "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "CallBackConfs": {"home_feed": {"DataSource": {"Type": "datahub", "Name": "dh"}}}}""");
        List<String> validated = RecEngine.validate(EngineOptions.of(config)).stream().map(Throwable::getMessage).toList();
        assertThat(validated).containsExactly(
                "DatahubConfs.dh, key RetryIntervalMs: want an integer from 0 to 3600000, got number -1");
        ConfigValidationException refused = catchThrowableOfType(ConfigValidationException.class,
                () -> RecEngine.start(EngineOptions.of(config)).close());
        assertThat(refused.problems()).extracting(Throwable::getMessage).isEqualTo(validated);
    }
}
