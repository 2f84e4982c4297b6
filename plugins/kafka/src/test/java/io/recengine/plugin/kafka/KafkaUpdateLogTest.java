package io.recengine.plugin.kafka;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.replication.UpdateLog;
import io.recengine.testkit.TestPluginContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The match engine's update log on Kafka: durability and ordering are forced whatever the KafkaConfs entry
 * says (acks=all, idempotence), the entry's own timeouts win over the log's defaults, and the topic is
 * {@code Replication.Topic} or else the entry's.
 */
class KafkaUpdateLogTest {

    private static final Map<String, Object> ENTRY = Map.of("BootstrapServers", "127.0.0.1:1", "Topic", "entry_topic",
            "Acks", "1", "ProducerProperties", Map.of("delivery.timeout.ms", 9000, "enable.idempotence", false));

    @Test
    void durabilityAndOrderAreForcedOverTheEntry() {
        Properties p = KafkaUpdateLog.Factory.producerProperties(KafkaSettings.of(ComponentConfig.of("KafkaConfs.fleet", ENTRY)), "fleet");
        assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "9000")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1")
                .as("one request in flight: the writes waiting meanwhile go together in the next")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        Properties c = KafkaUpdateLog.Factory.consumerProperties(KafkaSettings.of(ComponentConfig.of("KafkaConfs.fleet", ENTRY)), "fleet");
        assertThat(c).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }

    @Test
    void theTopicIsTheReplicationsOrElseTheEntrys() {
        TestPluginContext ctx = TestPluginContext.builder().datasourceConfig("KafkaConfs", "fleet", ENTRY).build();
        KafkaUpdateLog.Factory f = new KafkaUpdateLog.Factory();
        try (UpdateLog own = f.create(ComponentConfig.of("MatchEngineConf.Replication", Map.of("KafkaName", "fleet")), ctx);
             UpdateLog named = f.create(ComponentConfig.of("MatchEngineConf.Replication",
                     Map.of("KafkaName", "fleet", "Topic", "match_updates")), ctx)) {
            assertThat(own.describe()).isEqualTo("kafka topic entry_topic (KafkaConfs.fleet)");
            assertThat(named.describe()).isEqualTo("kafka topic match_updates (KafkaConfs.fleet)");
            assertThat(own.endOffsets()).as("nothing known before the first answer").isEmpty();
        }
        assertThatThrownBy(() -> f.create(ComponentConfig.of("MatchEngineConf.Replication", Map.of("KafkaName", "nope")), ctx))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no KafkaConfs entry 'nope'");
    }
}
