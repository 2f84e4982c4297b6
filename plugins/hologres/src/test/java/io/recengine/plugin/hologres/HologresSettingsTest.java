package io.recengine.plugin.hologres;

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

/** {@code validate} (the factory's check) and start-up (its create) read a HologresConfs entry the same way. */
class HologresSettingsTest {

    private static final DatasourceFactory FACTORY = new HologresPlugin().datasourceFactories().get(0);
    private static final String DSN = "postgres://u:secret@127.0.0.1:1/db";

    @TempDir
    Path dir;

    private static ComponentConfig entry(Map<String, ?> values) {
        return ComponentConfig.of("HologresConfs.holo", values);
    }

    @Test
    void badPoolSettingsAreNamedByCheckAndRefusedByCreateWithTheSameMessage() {
        ComponentConfig c = entry(Map.of("DSN", DSN, "MaxOpenConns", "x", "MaxIdleConns", -1L, "QueryTimeout", 1.5));
        List<String> problems = FACTORY.check(c).stream().map(Throwable::getMessage).toList();
        assertThat(problems).containsExactly(
                "HologresConfs.holo, key MaxOpenConns: want an integer from 1 to 10000, got string \"x\"",
                "HologresConfs.holo, key MaxIdleConns: want an integer from 0 to 10000, got number -1",
                "HologresConfs.holo, key QueryTimeout: want an integer from 0 to 3600000, got number 1.5");
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> FACTORY.create(c, TestPluginContext.defaults()));
        assertThat(refused).hasMessage(problems.get(0));
        assertThat(problems).allSatisfy(m -> assertThat(m).doesNotContain("secret"));
    }

    @Test
    void aBadDsnAndABadConnectTimeoutAreFoundWithoutConnecting() {
        assertThat(FACTORY.check(entry(Map.of("MaxOpenConns", 5L)))).extracting(ConfigException::getMessage)
                .containsExactly("HologresConfs.holo, key DSN: is required");
        assertThat(FACTORY.check(entry(Map.of("DSN", DSN + "?connect_timeout=soon"))))
                .extracting(ConfigException::getMessage)
                .containsExactly("HologresConfs.holo, key DSN: parameter connect_timeout must be a number of seconds");
    }

    @Test
    void settingsKeepTheDefaultsAndCapIdleAtOpen() {
        HologresSettings s = HologresSettings.of(entry(Map.of("DSN", DSN, "MaxOpenConns", 4L, "MaxIdleConns", 9L)),
                k -> null);
        assertThat(s.maxOpenConns()).isEqualTo(4);
        assertThat(s.maxIdleConns()).isEqualTo(4);
        assertThat(s.queryTimeoutMs()).isEqualTo(HologresSettings.DEFAULT_QUERY_TIMEOUT_MS);
        assertThat(s.connectionTimeoutMs()).isEqualTo(HologresSettings.DEFAULT_CONNECTION_TIMEOUT_MS);
        assertThat(HologresSettings.of(entry(Map.of("DSN", DSN)), k -> "HOLOGRES_MAX_OPEN_CONNS".equals(k) ? "7" : null)
                .maxOpenConns()).isEqualTo(7);
    }

    @Test
    void validateAndStartUpRefuseTheSameConfigWithTheSameProblems() throws Exception {
        Path config = dir.resolve("recconf.json");
        Files.writeString(config, """
                {"HologresConfs": {"holo": {"DSN": "%s", "MaxOpenConns": "x"}},
                 "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}}}""".formatted(DSN));
        List<String> validated = RecEngine.validate(EngineOptions.of(config)).stream().map(Throwable::getMessage).toList();
        assertThat(validated).containsExactly(
                "HologresConfs.holo, key MaxOpenConns: want an integer from 1 to 10000, got string \"x\"");
        ConfigValidationException refused = catchThrowableOfType(ConfigValidationException.class,
                () -> RecEngine.start(EngineOptions.of(config)).close());
        assertThat(refused.problems()).extracting(Throwable::getMessage).isEqualTo(validated);
    }
}
