package io.recengine.plugin.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.callback.CallbackRequest;
import io.recengine.core.callback.CallbackResult;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's curl example through the engine into a real KRaft broker running in this JVM (Apache Kafka's
 * own test kit), consumed back: one user row, two item rows, snappy-compressed.
 */
class KafkaCallbackIT {

    private static KafkaClusterTestKit cluster;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("pairec_callback", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void seedCurlExampleIsConsumedBackFromKafka() throws Exception {
        Path config = tmp.resolve("callback-kafka.json");
        Files.writeString(config, "{\"SceneConfs\":{\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}},"
                + "\"KafkaConfs\":{\"cb_kafka\":{\"BootstrapServers\":\"" + cluster.bootstrapServers()
                + "\",\"Topic\":\"pairec_callback\"}},"
                + "\"CallBackConfs\":{\"homepage\":{\"DataSource\":{\"Name\":\"cb_kafka\",\"Type\":\"kafka\"}}}}");
        // the seed's curl example, decoded
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 25L);
        features.put("city", "beijing");
        List<Map<String, Object>> items = new ArrayList<>();
        for (String id : List.of("113939841", "113764910")) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", id);
            items.add(item);
        }
        CallbackRequest request = new CallbackRequest("homepage", "d9cb1c8d-4d3f-491b-9ea3-380481dabde3", "84603208",
                features, List.of(), items, Map.of("recom_id", "1111111"), false, false);
        try (RecEngine engine = RecEngine.start(EngineOptions.of(config))) {
            CallbackResult r = engine.callback(request);
            assertThat(r).isEqualTo(new CallbackResult(CallbackResult.Status.ACCEPTED, "success",
                    "d9cb1c8d-4d3f-491b-9ea3-380481dabde3"));
            List<JsonNode> rows = consume(3);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).get("module").textValue()).isEqualTo("user");
            assertThat(rows.get(0).fieldNames()).toIterable().containsExactly("request_id", "module", "scene",
                    "request_time", "user_features", "request_info", "user_id");
            assertThat(rows.get(0).get("user_features").textValue())
                    .isEqualTo("{\"age\":25,\"city\":\"beijing\",\"uid\":84603208}");
            assertThat(rows.get(0).get("request_time").isIntegralNumber()).isTrue();
            assertThat(rows.subList(1, 3)).extracting(n -> n.get("item_id").textValue())
                    .containsExactly("113939841", "113764910");
            assertThat(rows.get(1).fieldNames()).toIterable().containsExactly("request_id", "module", "scene",
                    "request_time", "item_features", "user_id", "item_id", "raw_features", "generate_features",
                    "context_features");
        }
    }

    private static List<JsonNode> consume(int n) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of("pairec_callback"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < n && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isNull();
                    out.add(json.readTree(r.value()));
                }
            }
        }
        return out;
    }
}
