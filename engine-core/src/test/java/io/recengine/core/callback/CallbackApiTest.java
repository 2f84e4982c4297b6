package io.recengine.core.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.TypedFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/callback} and the automatic callback through the engine facade, into the file sink. */
class CallbackApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The engine clock: {@code request_time} is exactly its second. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_795_900_000L), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    private RecEngine engine;
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(String sceneConfs) throws IOException {
        String config = "{\"SceneConfs\":{" + sceneConfs + "},"
                + "\"CallBackConfs\":{"
                + "\"homepage\":{\"DataSource\":{\"Name\":\"cb\",\"Type\":\"file\",\"Path\":\"cblog\"}},"
                + "\"home_feed\":{\"DataSource\":{\"Name\":\"cb\",\"Type\":\"file\",\"Path\":\"cblog\"},\"ItemSize\":3},"
                + "\"plain\":{\"DataSource\":{\"Name\":\"cb\",\"Type\":\"file\",\"Path\":\"cblog\"}}},"
                // timeouts no loaded test machine reaches: a recall cut short answers no item, and no item means no callback
                + "\"EngineConf\":{\"CallbackWorkers\":2,\"RecallTimeout\":60000,\"RequestTimeout\":120000}}";
        Path file = tmp.resolve("config.json");
        Files.writeString(file, config);
        engine = RecEngine.start(new EngineOptions(file, null, meters, CLOCK));
    }

    private CallbackResult callback(CallbackRequest request) {
        return engine.callback(request);
    }

    private static CallbackRequest request(String scene, String requestId, String uid, Map<String, Object> features,
                                           List<TypedFeature> typed, List<Map<String, Object>> items,
                                           Map<String, Object> requestInfo, boolean debug) {
        Map<String, Object> merged = new LinkedHashMap<>(features);
        typed.forEach(t -> merged.put(t.name(), t.value()));
        return new CallbackRequest(scene, requestId, uid, merged, typed, items, requestInfo, debug, false);
    }

    /**
     * Shuts the engine down, which drains the after-response tasks and the callback queue, then reads the
     * file sink: every row there is, and no more will come.
     */
    private List<JsonNode> rowsAfterShutdown() throws IOException {
        engine.close();
        engine = null;
        Path f = tmp.resolve("cblog").resolve("cb.log");
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.exists(f) ? Files.readAllLines(f) : List.<String>of()) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void seedCurlExampleWritesOneUserRowAndTwoItemRowsWithTheSeedColumns() throws Exception {
        start("\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}");
        // the seed's curl body, decoded
        CallbackResult answer = callback(request("homepage", "d9cb1c8d-4d3f-491b-9ea3-380481dabde3", "84603208",
                map("age", 25L, "city", "beijing"), List.of(),
                List.of(map("item_id", "113939841"), map("item_id", "113764910")), map("recom_id", "1111111"), false));
        assertThat(answer).isEqualTo(new CallbackResult(CallbackResult.Status.ACCEPTED, "success",
                "d9cb1c8d-4d3f-491b-9ea3-380481dabde3"));

        List<JsonNode> rows = rowsAfterShutdown();
        assertThat(rows).hasSize(3);
        JsonNode user = rows.get(0);
        assertThat(user.fieldNames()).toIterable().containsExactly("request_id", "module", "scene", "request_time",
                "user_features", "request_info", "user_id");
        assertThat(user.get("module").textValue()).isEqualTo("user");
        assertThat(user.get("request_id").textValue()).isEqualTo("d9cb1c8d-4d3f-491b-9ea3-380481dabde3");
        assertThat(user.get("scene").textValue()).isEqualTo("homepage");
        assertThat(user.get("request_time").isIntegralNumber()).isTrue();
        assertThat(user.get("request_time").longValue()).isEqualTo(CLOCK.millis() / 1000);
        assertThat(user.get("user_id").textValue()).isEqualTo("84603208");
        // Go's json.Marshal of the user properties: sorted keys; "uid" is a numeric string -> number
        assertThat(user.get("user_features").textValue()).isEqualTo("{\"age\":25,\"city\":\"beijing\",\"uid\":84603208}");
        assertThat(user.get("request_info").textValue()).isEqualTo("{\"recom_id\":\"1111111\"}");

        for (int i = 1; i <= 2; i++) {
            JsonNode item = rows.get(i);
            assertThat(item.fieldNames()).toIterable().containsExactly("request_id", "module", "scene", "request_time",
                    "item_features", "user_id", "item_id", "raw_features", "generate_features", "context_features");
            assertThat(item.get("module").textValue()).isEqualTo("item");
            assertThat(item.get("user_id").textValue()).isEqualTo("84603208");
            assertThat(item.get("item_features").textValue()).isEqualTo("{}");
            assertThat(item.get("raw_features").textValue()).isEmpty();
            assertThat(item.get("generate_features").textValue()).isEmpty();
            assertThat(item.get("context_features").textValue()).isEmpty();
            assertThat(item.get("request_time").longValue()).isEqualTo(user.get("request_time").longValue());
        }
        assertThat(rows.get(1).get("item_id").textValue()).isEqualTo("113939841");
        assertThat(rows.get(2).get("item_id").textValue()).isEqualTo("113764910");
        // columns of the seed's DataHub schema, nothing else
        List<String> schema = List.of("request_id", "module", "scene", "request_time", "user_features", "item_features",
                "request_info", "user_id", "item_id", "raw_features", "generate_features", "context_features");
        rows.forEach(r -> r.fieldNames().forEachRemaining(c -> assertThat(schema).contains(c)));
        assertThat(counter("written")).isEqualTo(3);
    }

    @Test
    void numericItemIdsAreLoggedAsPlainIntegersAndComplexFeaturesAreMerged() throws Exception {
        start("\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}");
        // item ids as the decoder prints numeric ones: plain digits
        CallbackResult a = callback(request("homepage", "r-num", "7", map("type", "dropped", "s", "1.50", "e", ""),
                List.of(new TypedFeature("tags", "list<int>", List.of(1, 2))),
                List.of(map("item_id", "1234567", "score", 0.5, "tag", "<a&b>"), map("item_id", "12345678901234567890")),
                Map.of(), true));
        assertThat(a.status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        List<JsonNode> rows = rowsAfterShutdown();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("user_features").textValue())
                .isEqualTo("{\"s\":1.5,\"tags\":[1,2],\"uid\":7}");
        assertThat(rows.get(0).get("request_info").textValue()).isEqualTo("{}");
        assertThat(rows.get(1).get("item_id").textValue()).isEqualTo("1234567");
        assertThat(rows.get(1).get("item_features").textValue()).isEqualTo("{\"score\":0.5,\"tag\":\"\\u003ca\\u0026b\\u003e\"}");
        assertThat(rows.get(2).get("item_id").textValue()).isEqualTo("12345678901234567890");
    }

    /** The sampling rate itself is tested with a seeded random source in {@link CallbackSamplingTest}. */
    @Test
    void withTheFlagOffOnlyDebugFeedsAreCalledBackAllOfThem() throws Exception {
        start("\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"],\"AutoInvokeCallBack\":true,"
                + "\"AutoInvokeCallBackRate\":30}},"
                + "\"plain\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}");
        for (int i = 0; i < 20; i++) {
            // one item where "size" asks for more: answered with code 299 (fewer items), still called back
            engine.feed(FeedRequest.builder("u").sceneId("plain").debug(i % 2 == 0)
                    .itemList(List.of(map("item_id", "1"))).build());
        }
        List<JsonNode> rows = rowsAfterShutdown();
        assertThat(requests("plain", "auto")).isEqualTo(10);
        assertThat(rows).hasSize(2 * 10);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("scene").textValue()).isEqualTo("plain"));
    }

    /** An ordered, mutable map of key/value pairs, as the decoder builds them. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private double requests(String scene, String source) {
        Counter c = meters.find("recengine.callback.requests").tag("scene", scene).tag("source", source)
                .tag("outcome", "queued").counter();
        return c == null ? 0 : c.count();
    }

    private double counter(String outcome) {
        return meters.find("recengine.callback.rows").tag("outcome", outcome).functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }
}
