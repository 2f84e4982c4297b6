package io.recengine.plugin.datahub;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.callback.CallbackRequest;
import io.recengine.core.callback.CallbackResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with the real DataHub SDK (protobuf mode) against {@link FakeDatahubServer}: the topic is
 * created from {@code Schemas}, the seed's curl example is read back from the server, and an outage
 * (HTTP 500, then {@code LimitExceeded}) in the middle of a stream loses nothing.
 */
class DatahubCallbackIT {

    private static final String SCHEMAS = "[{\"Field\":\"request_id\",\"Type\":\"string\"},{\"Field\":\"module\",\"Type\":\"string\"},"
            + "{\"Field\":\"scene\",\"Type\":\"string\"},{\"Field\":\"request_time\",\"Type\":\"integer\"},"
            + "{\"Field\":\"user_features\",\"Type\":\"string\"},{\"Field\":\"item_features\",\"Type\":\"string\"},"
            + "{\"Field\":\"request_info\",\"Type\":\"string\"},{\"Field\":\"user_id\",\"Type\":\"string\"},"
            + "{\"Field\":\"item_id\",\"Type\":\"string\"},{\"Field\":\"raw_features\",\"Type\":\"string\"},"
            + "{\"Field\":\"generate_features\",\"Type\":\"string\"},{\"Field\":\"context_features\",\"Type\":\"string\"}]";

    @TempDir
    Path tmp;
    private FakeDatahubServer server;
    private RecEngine engine;

    @BeforeEach
    void start() throws Exception {
        server = new FakeDatahubServer();
        Path config = tmp.resolve("callback-datahub.json");
        Files.writeString(config, "{\"SceneConfs\":{\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}},"
                + "\"DatahubConfs\":{\"pairec_callback_dh\":{\"Endpoint\":\"" + server.endpoint() + "\","
                + "\"AccessId\":\"ak\",\"AccessKey\":\"sk\",\"ProjectName\":\"pairec_proj\",\"TopicName\":\"pairec_callback_log\","
                + "\"CompressorType\":\"none\",\"RetryIntervalMs\":100,\"Schemas\":" + SCHEMAS + "}},"
                + "\"CallBackConfs\":{\"homepage\":{\"DataSource\":{\"Name\":\"pairec_callback_dh\",\"Type\":\"datahub\"}}},"
                + "\"EngineConf\":{\"CallbackRetryIntervalMs\":100,\"CallbackWorkers\":2}}");
        engine = RecEngine.start(EngineOptions.of(config));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        server.close();
    }

    private CallbackResult callback(String scene, String requestId, String uid, Map<String, Object> features,
                                    List<String> itemIds, Map<String, Object> requestInfo) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String id : itemIds) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", id);
            items.add(item);
        }
        return engine.callback(new CallbackRequest(scene, requestId, uid, new LinkedHashMap<>(features), List.of(),
                items, requestInfo, false, false));
    }

    @Test
    void seedCurlExampleIsReadBackFromTheServer() throws Exception {
        // the seed's curl example, decoded
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 25L);
        features.put("city", "beijing");
        CallbackResult r = callback("homepage", "d9cb1c8d-4d3f-491b-9ea3-380481dabde3", "84603208", features,
                List.of("113939841", "113764910"), Map.of("recom_id", "1111111"));
        assertThat(r.status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        waitFor(() -> server.records.size() >= 3);
        List<Map<String, String>> rows = new ArrayList<>(server.records);
        assertThat(rows).hasSize(3);
        Map<String, String> user = rows.get(0);
        assertThat(user.get("module")).isEqualTo("user");
        assertThat(user.get("request_id")).isEqualTo("d9cb1c8d-4d3f-491b-9ea3-380481dabde3");
        assertThat(user.get("scene")).isEqualTo("homepage");
        assertThat(Long.parseLong(user.get("request_time"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(30L));
        assertThat(user.get("user_features")).isEqualTo("{\"age\":25,\"city\":\"beijing\",\"uid\":84603208}");
        assertThat(user.get("request_info")).isEqualTo("{\"recom_id\":\"1111111\"}");
        assertThat(user.get("user_id")).isEqualTo("84603208");
        assertThat(user.get("item_id")).isNull();
        assertThat(rows.subList(1, 3)).extracting(m -> m.get("item_id")).containsExactly("113939841", "113764910");
        assertThat(rows.get(1).get("module")).isEqualTo("item");
        assertThat(rows.get(1).get("item_features")).isEqualTo("{}");
        assertThat(rows.get(1).get("generate_features")).isEmpty();
        assertThat(rows.get(1).get("user_features")).isNull();
    }

    @Test
    void outageMidStreamLosesNoAcceptedRow() throws Exception {
        int n = 120;
        for (int i = 0; i < n; i++) {
            if (i == 30) {
                server.fault = FakeDatahubServer.Fault.SERVER_ERROR;
            }
            if (i == 60) {
                server.fault = FakeDatahubServer.Fault.LIMIT_EXCEEDED;
            }
            if (i == 90) {
                server.fault = FakeDatahubServer.Fault.NONE;
            }
            CallbackResult r = callback("homepage", "r" + i, "u" + i, Map.of(), List.of(String.valueOf(i)), Map.of());
            assertThat(r.status()).isEqualTo(CallbackResult.Status.ACCEPTED);
            Thread.sleep(5);
        }
        server.fault = FakeDatahubServer.Fault.NONE;
        waitFor(() -> userRequestIds().size() >= n);
        assertThat(server.failedPuts.get()).isPositive();
        Set<String> ids = userRequestIds();
        for (int i = 0; i < n; i++) {
            assertThat(ids).contains("r" + i);
        }
        // at-least-once: nothing missing; duplicates are allowed by contract, none expected here
        assertThat(server.records.stream().filter(m -> "item".equals(m.get("module"))).map(m -> m.get("item_id"))
                .distinct().count()).isEqualTo(n);
        // round-robin over the 6 active shards
        assertThat(server.records.stream().map(m -> m.get("_shard")).distinct().count()).isEqualTo(6);
    }

    private Set<String> userRequestIds() {
        Set<String> ids = new HashSet<>();
        synchronized (server.records) {
            server.records.stream().filter(m -> "user".equals(m.get("module"))).forEach(m -> ids.add(m.get("request_id")));
        }
        return ids;
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.getAsBoolean()).as("condition within 30 s").isTrue();
    }
}
