package io.recengine.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PAI-Rec's feed API over an engine: what the JSON answers carry. (Moved from engine-core's RecEngineTest.) */
class PaiRecApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "config-samples");

    @TempDir
    Path tmp;
    private RecEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private JsonNode feed(String body) throws IOException {
        WireResponse r = new PaiRecApi(engine).feed(body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.httpStatus()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("code").intValue()).isEqualTo(r.code());
        return n;
    }

    @Test
    void seedContextItemRequestReturnsTheSeedShape() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        JsonNode n = feed("{\"uid\":\"13579\",\"size\":10,\"scene_id\":\"home_feed\","
                + "\"item_list\":[{\"item_id\":\"1111\", \"score\":1},{\"item_id\":\"222\", \"score\":0.95}]}");
        // two candidates for size 10: PAI-Rec answers 299 with the items it has
        assertThat(n.get("code").intValue()).isEqualTo(299);
        assertThat(n.get("msg").textValue()).isEqualTo("items size not enough");
        assertThat(n.get("request_id").textValue()).hasSize(36);
        assertThat(n.get("size").intValue()).isEqualTo(2);
        assertThat(n.get("experiment_id").textValue()).isEmpty();
        assertThat(n.get("items").get(0).get("item_id").textValue()).isEqualTo("1111");
        assertThat(n.get("items").get(0).get("score").doubleValue()).isEqualTo(1.0);
        assertThat(n.get("items").get(0).get("retrieve_id").textValue()).isEqualTo("ContextItemRecall");
        assertThat(n.get("items").get(1).get("item_id").textValue()).isEqualTo("222");
        assertThat(n.fieldNames()).toIterable().containsExactly("code", "msg", "request_id", "size", "experiment_id", "items");
    }

    @Test
    void enoughItemsAnswer200SortedAndDeduplicated() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":2,\"scene_id\":\"home_feed\",\"request_id\":\"r-1\","
                + "\"item_list\":[{\"item_id\":\"a\",\"score\":0.1},{\"item_id\":\"b\",\"score\":0.9},"
                + "{\"item_id\":\"a\",\"score\":0.99},{\"item_id\":7,\"score\":0.5}]}");
        assertThat(n.get("code").intValue()).isEqualTo(200);
        assertThat(n.get("msg").textValue()).isEqualTo("success");
        assertThat(n.get("request_id").textValue()).isEqualTo("r-1");
        assertThat(n.get("items")).hasSize(2);
        assertThat(n.get("items").get(0).get("item_id").textValue()).isEqualTo("b");
        assertThat(n.get("items").get(1).get("item_id").textValue()).isEqualTo("7");
    }

    @Test
    void scaffoldMockRecallFillsTheSize() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("scaffold.json")));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":10,\"scene_id\":\"home_feed\"}");
        assertThat(n.get("code").intValue()).isEqualTo(200);
        assertThat(n.get("items")).hasSize(10);
        double previous = Double.MAX_VALUE;
        for (JsonNode item : n.get("items")) {
            assertThat(item.get("retrieve_id").textValue()).isEqualTo("mock_recall");
            assertThat(item.get("score").doubleValue()).isLessThanOrEqualTo(previous);
            previous = item.get("score").doubleValue();
        }
    }

    @Test
    void unknownSceneAnswers299() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("scaffold.json")));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":10,\"scene_id\":\"nope\"}");
        assertThat(n.get("code").intValue()).isEqualTo(299);
        assertThat(n.get("items")).isEmpty();
    }

    @Test
    void badRequestsAnswerTheEnvelopeWithPaiRecMessages() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("scaffold.json")));
        assertError("", "request body empty");
        assertError("{\"uid\":\"1\"", "unexpected end of JSON input");
        assertError("{\"size\":10,\"scene_id\":\"home_feed\"}", "uid not empty");
        assertError("{\"uid\":\"\",\"request_id\":\"abc\"}", "uid not empty");
        assertError("{\"uid\":\"1\",\"size\":\"10\"}",
                "json: cannot unmarshal string into Go struct field RecommendParam.size of type int");
        assertError("{\"uid\":\"1\",\"size\":1.5}",
                "json: cannot unmarshal number 1.5 into Go struct field RecommendParam.size of type int");
        assertError("{\"UID\":\"\",\"Size\":3}", "uid not empty");
        assertError("{\"uid\":\"1\",\"debug\":1}",
                "json: cannot unmarshal number into Go struct field RecommendParam.debug of type bool");
        assertError("[1,2]", "json: cannot unmarshal array into Go value of type RecommendParam");
        assertError("{\"uid\":\"1\",\"item_list\":[{\"score\":1}]}", "item_list[0]: item_id not empty");
        assertError("{\"uid\":\"1\",\"complex_type_features\":[{\"name\":\"age\",\"type\":\"int\",\"values\":\"x\"}]}",
                "complex_type_features[0] 'age': cannot convert \"x\" to int");
        JsonNode n = feed("{\"uid\":\"\",\"request_id\":\"abc\"}");
        assertThat(n.get("request_id").textValue()).isEqualTo("abc");
    }

    private void assertError(String body, String msg) throws IOException {
        JsonNode n = feed(body);
        assertThat(n.get("code").intValue()).as(body).isEqualTo(400);
        assertThat(n.get("msg").textValue()).as(body).isEqualTo(msg);
        assertThat(n.has("request_id")).isTrue();
    }

    @Test
    void debugReturnsLogsAndPositions() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":1,\"scene_id\":\"home_feed\",\"debug\":true,"
                + "\"item_list\":[{\"item_id\":\"a\",\"score\":0.1},{\"item_id\":\"b\",\"score\":0.9}]}");
        assertThat(n.get("items").get(0).get("item_id").textValue()).isEqualTo("b");
        assertThat(n.get("items").get(0).get("origin_position").intValue()).isEqualTo(2);
        assertThat(n.get("items").get(0).get("new_position").intValue()).isEqualTo(1);
        assertThat(n.get("logs").toString()).contains("module=recall").contains("ContextItemRecall");
    }

    @Test
    void complexTypeFeaturesAreConvertedAndMerged() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":1,\"scene_id\":\"home_feed\",\"features\":{\"age\":\"1\"},"
                + "\"complex_type_features\":[{\"name\":\"age\",\"type\":\"int\",\"values\":20},"
                + "{\"name\":\"l\",\"type\":\"list<int64>\",\"values\":[1,\"2\"]},"
                + "{\"name\":\"m\",\"type\":\"map<int,double>\",\"values\":{\"1\":\"0.5\"}}],"
                + "\"item_list\":[{\"item_id\":\"a\"}]}");
        assertThat(n.get("code").intValue()).isEqualTo(200);
    }

    @Test
    void outputFieldsFillExtra(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"SceneConfs\":{\"s\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"],"
                + "\"OutputFields\":[\"item:title\",\"score:*\"]}}}}");
        engine = RecEngine.start(EngineOptions.of(cfg));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":1,\"scene_id\":\"s\",\"item_list\":[{\"item_id\":\"a\",\"title\":\"T\"}]}");
        assertThat(n.get("items").get(0).get("extra").get("title").textValue()).isEqualTo("T");
        assertThat(n.get("items").get(0).get("extra").get("algo_scores").isObject()).isTrue();
    }

    @Test
    void theRequestTimeoutCutsSlowStagesAndTheRequestStillAnswers(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("c.json");
        // a recall that needs milliseconds, a request deadline of one millisecond
        Files.writeString(cfg, "{\"EngineConf\":{\"RequestTimeout\":1},"
                + "\"RecallConfs\":[{\"Name\":\"big\",\"RecallType\":\"MockRecall\",\"RecallCount\":100000,\"Timeout\":60000}],"
                + "\"SceneConfs\":{\"s\":{\"default\":{\"RecallNames\":[\"big\"]}}}}");
        engine = RecEngine.start(EngineOptions.of(cfg));
        JsonNode n = feed("{\"uid\":\"1\",\"size\":10,\"scene_id\":\"s\",\"debug\":true}");
        assertThat(n.get("code").intValue()).isEqualTo(299);
        assertThat(n.get("items")).isEmpty();
        assertThat(n.get("logs").toString()).contains("name=big").contains("timeout");
    }

    /** Two AIME recalls whose store refuses connections (port 1): both fail at once, deterministically. */
    private void startWithUnreachableStore(Path dir) throws IOException {
        Path cfg = dir.resolve("down.json");
        String recall = "{\"Name\":\"%s\",\"RecallType\":\"BeRecall\",\"Timeout\":30000,\"BeConf\":{"
                + "\"BeName\":\"down\",\"BizName\":\"b\",\"BeRecallType\":\"x2i_recall\",\"Count\":10,"
                + "\"BeRecallParams\":[{\"Count\":10,\"RecallName\":\"t\",\"TriggerType\":\"user_sequence\","
                + "\"TriggerFeature\":\"click_seq\",\"ItemIdName\":\"id\"}]}}";
        Files.writeString(cfg, "{\"BEConfs\":{\"down\":{\"Endpoint\":\"http://127.0.0.1:1\",\"Username\":\"u\","
                + "\"Password\":\"p\"}},\"RecallConfs\":[" + recall.formatted("x2i_a") + "," + recall.formatted("x2i_b")
                + "],\"SceneConfs\":{\"s\":{\"default\":{\"RecallNames\":[\"x2i_a\",\"x2i_b\"]}}}}");
        engine = RecEngine.start(EngineOptions.of(cfg));
    }

    private static final String TRIGGERED = "{\"uid\":\"1\",\"size\":10,\"scene_id\":\"s\",\"debug\":true,"
            + "\"features\":{\"click_seq\":\"i1,i2\"}}";

    @Test
    void recallAnswerListsEveryFailedRecallInErrorsWithoutInternals(@TempDir Path dir) throws IOException {
        startWithUnreachableStore(dir);
        WireResponse r = new PaiRecApi(engine).recall(TRIGGERED.getBytes(StandardCharsets.UTF_8));
        assertThat(r.httpStatus()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("code").intValue()).isEqualTo(299);
        assertThat(n.get("items")).isEmpty();
        assertThat(n.fieldNames()).toIterable().containsExactly("code", "msg", "request_id", "size", "items", "errors");
        assertThat(n.get("errors")).extracting(JsonNode::textValue).containsExactly(
                "recall 'x2i_a' failed (dependency)", "recall 'x2i_b' failed (dependency)");
    }

    @Test
    void recallAnswerOfAHealthySceneHasNoErrors() throws IOException {
        engine = RecEngine.start(EngineOptions.of(SAMPLES.resolve("contextitem.json")));
        WireResponse r = new PaiRecApi(engine).recall(("{\"uid\":\"1\",\"size\":1,\"scene_id\":\"home_feed\","
                + "\"item_list\":[{\"item_id\":\"a\"}]}").getBytes(StandardCharsets.UTF_8));
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("items")).hasSize(1);
        assertThat(n.get("errors").isArray()).isTrue();
        assertThat(n.get("errors")).isEmpty();
    }

    @Test
    void debugLogsNameTheFailedComponentButNoUrlOrClassName(@TempDir Path dir) throws IOException {
        startWithUnreachableStore(dir);
        JsonNode n = feed(TRIGGERED);
        String logs = n.get("logs").toString();
        assertThat(logs).contains("name=x2i_a", "recall 'x2i_a' failed (dependency)", "recall 'x2i_b' failed (dependency)");
        assertThat(logs).doesNotContain("127.0.0.1", "http://", "/be", "java.", "Exception", "io.recengine");
    }
}
