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

/** {@code POST /api/callback} bodies and answers. (Moved from engine-core's CallbackApiTest with the codec.) */
class PaiRecCallbackTest {

    /** The seed's curl example. */
    static final String SEED_CURL_BODY = "{\"uid\":\"84603208\",\"request_id\":\"d9cb1c8d-4d3f-491b-9ea3-380481dabde3\","
            + "\"scene_id\":\"homepage\",\"features\":{\"age\":25, \"city\":\"beijing\"}, \"item_list\":[{\"item_id\":"
            + "\"113939841\"},{\"item_id\":\"113764910\"}],\"request_info\":{\"recom_id\":\"1111111\"}}";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private RecEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(String sceneConfs) throws IOException {
        String config = "{\"SceneConfs\":{" + sceneConfs + "},"
                + "\"CallBackConfs\":{"
                + "\"homepage\":{\"DataSource\":{\"Name\":\"cb\",\"Type\":\"file\",\"Path\":\"cblog\"}}},"
                + "\"EngineConf\":{\"CallbackWorkers\":2}}";
        Path file = tmp.resolve("config.json");
        Files.writeString(file, config);
        engine = RecEngine.start(EngineOptions.of(file));
    }

    private JsonNode callback(String body) throws IOException {
        WireResponse r = new PaiRecApi(engine).callback(body.getBytes(StandardCharsets.UTF_8));
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("code").intValue()).isEqualTo(r.code());
        return n;
    }

    @Test
    void seedCurlExampleIsAccepted() throws Exception {
        start("\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}");
        JsonNode answer = callback(SEED_CURL_BODY);
        assertThat(answer.toString()).isEqualTo(
                "{\"code\":200,\"msg\":\"success\",\"request_id\":\"d9cb1c8d-4d3f-491b-9ea3-380481dabde3\"}");
    }

    @Test
    void validationMessagesAreThoseOfPaiRec() throws Exception {
        start("\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}");
        assertThat(callback("").get("msg").textValue()).isEqualTo("request body empty");
        assertThat(callback("{\"request_id\":\"r1\",\"scene_id\":\"homepage\",\"item_list\":[{\"item_id\":\"1\"}]}").toString())
                .isEqualTo("{\"code\":400,\"msg\":\"uid not empty\",\"request_id\":\"r1\"}");
        assertThat(callback("{\"uid\":\"u\",\"scene_id\":\"homepage\",\"item_list\":[{\"item_id\":\"1\"}]}").get("msg").textValue())
                .isEqualTo("request_id not empty");
        assertThat(callback("{\"uid\":\"u\",\"request_id\":\"r\",\"item_list\":[{\"item_id\":\"1\"}]}").get("msg").textValue())
                .isEqualTo("scene_id not empty");
        assertThat(callback("{\"uid\":\"u\",\"request_id\":\"r\",\"scene_id\":\"homepage\",\"item_list\":[]}").get("msg").textValue())
                .isEqualTo("recommend item list not empty");
        assertThat(callback("{\"uid\":\"u\",\"request_id\":\"r\",\"scene_id\":\"homepage\"}").get("code").intValue()).isEqualTo(400);
        assertThat(callback("{\"uid\":true}").get("msg").textValue())
                .isEqualTo("json: cannot unmarshal bool into Go struct field CallBackParam.uid of type string");
        assertThat(callback("{\"uid\":").get("code").intValue()).isEqualTo(400);
        assertThat(callback("{\"uid\":\"u\",\"request_id\":\"r\",\"scene_id\":\"nope\",\"item_list\":[{\"item_id\":\"1\"}]}")
                .get("msg").textValue()).isEqualTo("scene_id 'nope' has no CallBackConfs entry");
    }
}
