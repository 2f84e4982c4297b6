package io.recengine.plugin.aime;

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

/** {@code validate} (the BEConfs check) and start-up (BeRecall's factory) read a BEConfs entry the same way. */
class BeSettingsTest {

    private static final DatasourceFactory CONFS = new AimePlugin().datasourceFactories().get(0);
    private static final ComponentConfig RECALL = ComponentConfig.of("RecallConfs[0]", Map.of("Name", "r",
            "RecallType", "BeRecall", "BeConf", Map.of("BeName", "be", "BizName", "biz", "BeRecallType", "x2i_recall",
                    "BeRecallParams", List.of(Map.of("TriggerType", "fixvalue", "TriggerValue", "i1")))));

    @TempDir
    Path dir;

    @Test
    void aBadTimeoutIsNamedByCheckAndRefusedByTheRecallWithTheSameMessage() {
        Map<String, Object> entry = Map.of("Endpoint", "http://127.0.0.1:1", "Username", "u", "Password", "secret",
                "TimeoutMs", "x");
        List<String> problems = CONFS.check(ComponentConfig.of("BEConfs.be", entry)).stream()
                .map(Throwable::getMessage).toList();
        assertThat(problems).containsExactly("BEConfs.be, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"");
        TestPluginContext ctx = TestPluginContext.builder().datasourceConfig("BEConfs", "be", entry).build();
        assertThat(catchThrowableOfType(ConfigException.class, () -> new BeRecallFactory().create(RECALL, ctx)))
                .hasMessage(problems.get(0));
    }

    @Test
    void theEndpointIsRequiredAndAPasswordIsNeverEchoed() {
        List<String> problems = CONFS.check(ComponentConfig.of("BEConfs.be", Map.of("Password", 1234L, "TimeoutMs", 0L)))
                .stream().map(Throwable::getMessage).toList();
        assertThat(problems).containsExactly("BEConfs.be, key Endpoint: is required",
                "BEConfs.be, key Password: want a string, got a number",
                "BEConfs.be, key TimeoutMs: want an integer from 1 to 3600000, got number 0");
        assertThat(CONFS.secretKeys()).contains("Password");
    }

    @Test
    void validateAndStartUpRefuseTheSameConfigWithTheSameProblems() throws Exception {
        Path config = dir.resolve("recconf.json");
        Files.writeString(config, """
                {"BEConfs": {"be": {"Endpoint": "http://127.0.0.1:1", "TimeoutMs": "x"}},
                 "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}}}""");
        List<String> validated = RecEngine.validate(EngineOptions.of(config)).stream().map(Throwable::getMessage).toList();
        assertThat(validated).containsExactly("BEConfs.be, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"");
        ConfigValidationException refused = catchThrowableOfType(ConfigValidationException.class,
                () -> RecEngine.start(EngineOptions.of(config)).close());
        assertThat(refused.problems()).extracting(Throwable::getMessage).isEqualTo(validated);
    }
}
