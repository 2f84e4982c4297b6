package io.recengine.plugin.kafka;

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

/**
 * {@code validate} (the KafkaConfs check) and start-up (the sink factory) read a KafkaConfs entry the same
 * way: the same problems, and no producer is created for a bad entry.
 */
class KafkaSettingsTest {

    private static final DatasourceFactory CONFS = new KafkaPlugin().datasourceFactories().get(0);

    @TempDir
    Path dir;

    private static List<String> check(Map<String, ?> entry) {
        return CONFS.check(ComponentConfig.of("KafkaConfs.k", entry)).stream().map(Throwable::getMessage).toList();
    }

    /** What the sink factory throws at start-up for the entry. */
    private static String created(Map<String, ?> entry) {
        TestPluginContext ctx = TestPluginContext.builder().datasourceConfig("KafkaConfs", "k", entry).build();
        ComponentConfig ds = ComponentConfig.of("CallBackConfs.home_feed.DataSource", Map.of("Type", "kafka", "Name", "k"));
        return catchThrowableOfType(ConfigException.class, () -> new KafkaCallbackSink.Factory().create(ds, ctx))
                .getMessage();
    }

    @Test
    void badKeysAreNamedAndTheSinkRefusesWithTheFirst() {
        Map<String, Object> entry = Map.of("BootstrapServers", "127.0.0.1:1", "Topic", "t", "TimeoutMs", "x",
                "Acks", "2", "ProducerProperties", Map.of("acks", Map.of("v", 1)));
        List<String> problems = check(entry);
        assertThat(problems).containsExactlyInAnyOrder(
                "KafkaConfs.k, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"",
                "KafkaConfs.k, key Acks: want one of 0, 1, -1 or all, got \"2\"",
                "KafkaConfs.k, key ProducerProperties.acks: want a string, a number or a boolean, got an object");
        assertThat(created(entry)).isEqualTo(check(entry).get(0));
    }

    @Test
    void producerPropertiesAreCheckedByTheProducersOwnDefinitions() {
        Map<String, Object> entry = Map.of("BootstrapServers", "127.0.0.1:1", "Topic", "t",
                "ProducerProperties", Map.of("linger.ms", "soon"));
        assertThat(check(entry)).singleElement().asString()
                .startsWith("KafkaConfs.k, key ProducerProperties: ").contains("linger.ms").doesNotContain("Exception");
        assertThat(created(entry)).isEqualTo(check(entry).get(0));
    }

    @Test
    void requiredKeysAndGoodValues() {
        assertThat(check(Map.of())).containsExactly("KafkaConfs.k, key BootstrapServers: is required",
                "KafkaConfs.k, key Topic: is required");
        assertThat(check(Map.of("BootstrapServers", "a:1, b:2", "Topic", "t", "Acks", "all", "TimeoutMs", 500L,
                "ProducerProperties", Map.of("linger.ms", 20L, "enable.idempotence", true)))).isEmpty();
        KafkaSettings s = KafkaSettings.of(ComponentConfig.of("KafkaConfs.k", Map.of("BootstrapServers", "a:1, b:2",
                "Topic", "t", "Acks", -1L, "ProducerProperties", Map.of("linger.ms", 20L))));
        assertThat(s.acks()).isEqualTo("-1");
        assertThat(s.producerProperties("c")).containsEntry("bootstrap.servers", "a:1,b:2")
                .containsEntry("linger.ms", "20").containsEntry("acks", "-1");
    }

    @Test
    void validateAndStartUpRefuseTheSameConfigWithTheSameProblems() throws Exception {
        Path config = dir.resolve("recconf.json");
        Files.writeString(config, """
                {"KafkaConfs": {"k": {"BootstrapServers": "127.0.0.1:1", "Topic": "t", "TimeoutMs": "x",
                                      "ProducerProperties": {"acks": {"v": 1}}}},
                 "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "CallBackConfs": {"home_feed": {"DataSource": {"Type": "kafka", "Name": "k"}}}}""");
        List<String> validated = RecEngine.validate(EngineOptions.of(config)).stream().map(Throwable::getMessage).toList();
        assertThat(validated).containsExactlyInAnyOrder(
                "KafkaConfs.k, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"",
                "KafkaConfs.k, key ProducerProperties.acks: want a string, a number or a boolean, got an object");
        ConfigValidationException refused = catchThrowableOfType(ConfigValidationException.class,
                () -> RecEngine.start(EngineOptions.of(config)).close());
        assertThat(refused.problems()).extracting(Throwable::getMessage).isEqualTo(validated);
    }
}
