package io.recengine.plugin.aime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.match.MatchService;
import io.recengine.core.match.MatchUser;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;
import io.recengine.spi.match.MatchResult;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BeRecall over HTTP (a JDK server in front of the embedded engine) and in process: the same items. */
class BeRecallTest {

    static final Path SAMPLE = Path.of("../../config-samples/aime.json");

    static final ObjectMapper JSON = new ObjectMapper();
    static MatchService match;
    static HttpServer server;
    static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        match = MatchService.build(ConfigLoader.load(SAMPLE));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // a stand-in for the server's AIME codec (engine-server is not a dependency of plugins): Basic auth,
        // the query string, the json2 reply
        server.createContext("/be", ex -> {
            int status;
            byte[] body;
            try {
                boolean authorized = match.users().isEmpty() || match.users().stream().anyMatch(u -> basic(u)
                        .equals(ex.getRequestHeaders().getFirst("Authorization")));
                MatchResult r = authorized ? match.read(query(ex.getRequestURI().getRawQuery()))
                        : MatchResult.error(401, "unauthorized");
                status = authorized ? 200 : 401;
                body = json2(r);
            } catch (RuntimeException e) {
                status = 500;
                body = e.toString().getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        json2(match.read(Map.of("p", "test_x2i_biz", "trigger_list", "trigger_key:1"))); // warm up: no first-call delay
        server.start();
        endpoint = "127.0.0.1:" + server.getAddress().getPort();
    }

    private static String basic(MatchUser u) {
        return "Basic " + Base64.getEncoder().encodeToString((u.username() + ":" + u.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code &}-separated, percent-decoded; {@code +} stays a plus (as AIME's server reads it). */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** The json2 reply (camelCase), numbers as strings in plain decimals. */
    private static byte[] json2(MatchResult r) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorCode", r.errorCode());
        m.put("errorMessage", r.errorMessage());
        if (r.ok()) {
            List<List<Object>> rows = r.rows().stream().map(row -> row.stream().map(v -> v instanceof Double d
                    ? (Object) new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString()
                    : v instanceof Number n ? n.toString() : v).toList()).toList();
            m.put("matchItems", Map.of("fieldNames", r.fieldNames(), "fieldValues", rows));
        }
        return JSON.writeValueAsBytes(m);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        match.close();
    }

    /** A PluginContext with one BEConfs entry and the embedded engine. */
    static PluginContext context(String endpointValue, String password) {
        return TestPluginContext.builder()
                .datasourceConfig("BEConfs", "be", Map.of("Username", "aime", "Password", password,
                        "Endpoint", endpointValue))
                .service(MatchEngine.class, match.engine())
                .build();
    }

    static ComponentConfig recallConfig(String type, String biz, Map<String, Object> param) {
        return ComponentConfig.of("RecallConfs[0]", Map.of("Name", "r", "RecallType", "BeRecall", "RecallCount", 10,
                "BeConf", Map.of("BeName", "be", "BizName", biz, "BeRecallType", type, "Count", 10,
                        "BeRecallParams", List.of(param))));
    }

    static List<String> describe(List<Item> items) {
        return items.stream().map(i -> i.id() + "|" + i.retrieveId() + "|" + i.score() + "|" + i.properties()).toList();
    }

    static User user() {
        User u = new User("u1");
        u.setProperty("click_seq", List.of("trigger_key", "trigger_key2"));
        u.setProperty("user_emb", "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,"
                + "-0.1,-0.2,-0.3,-0.4,-0.5,-0.6,-0.7,-0.8,-0.9,-1.0");
        return u;
    }

    @Test
    void httpAndInProcessGiveIdenticalItems() {
        BeRecallFactory f = new BeRecallFactory();
        RecContext ctx = RecContext.builder("req").build();
        Map<String, Map<String, Object>> cases = Map.of(
                "x2i_recall", Map.of("RecallName", "test_x2i_biz", "TriggerType", "user_sequence", "TriggerFeature", "click_seq"),
                "vector_recall", Map.of("RecallName", "test_vec_biz", "TriggerType", "user_embedding", "EmbeddingFeature", "user_emb"));
        for (var c : cases.entrySet()) {
            String biz = c.getKey().equals("x2i_recall") ? "test_x2i_biz" : "test_vec_biz";
            try (Recall http = f.create(recallConfig(c.getKey(), biz, c.getValue()), context(endpoint, "change-me"));
                 Recall local = f.create(recallConfig(c.getKey(), biz, c.getValue()), context("embedded", "change-me"))) {
                List<Item> a = http.recall(ctx, user());
                List<Item> b = local.recall(ctx, user());
                assertThat(a).as(c.getKey()).isNotEmpty();
                assertThat(describe(a)).as(c.getKey()).isEqualTo(describe(b));
                assertThat(a.get(0).retrieveId()).isEqualTo("r");
                assertThat(a.get(0).properties()).containsKeys("title", "trigger_id", "trigger_score", "match_type");
            }
        }
        // multi_merge_recall: both ways, retrieve_id from recall_name
        ComponentConfig multi = ComponentConfig.of("RecallConfs[0]", Map.of("Name", "m", "RecallType", "BeRecall",
                "BeConf", Map.of("BeName", "be", "BizName", "home", "BeRecallType", "multi_merge_recall", "Count", 8,
                        "BeRecallParams", List.of(
                                Map.of("RecallName", "seq", "RecallTableName", "test_x2i_biz", "Count", 3,
                                        "TriggerType", "user_sequence", "TriggerFeature", "click_seq"),
                                Map.of("RecallName", "test_vec_biz", "Count", 5, "TriggerType", "user_embedding",
                                        "EmbeddingFeature", "user_emb")))));
        try (Recall http = f.create(multi, context(endpoint, "change-me"));
             Recall local = f.create(multi, context("inproc://match", "change-me"))) {
            List<Item> a = http.recall(ctx, user());
            assertThat(describe(a)).isEqualTo(describe(local.recall(ctx, user())));
            assertThat(a.stream().map(Item::retrieveId).distinct()).containsExactlyInAnyOrder("seq", "test_vec_biz");
        }
    }

    @Test
    void httpErrorsAndConfigProblems() {
        BeRecallFactory f = new BeRecallFactory();
        Map<String, Object> p = Map.of("TriggerType", "fixvalue", "TriggerValue", "trigger_key:1");
        try (Recall wrongPassword = f.create(recallConfig("x2i_recall", "test_x2i_biz", p), context(endpoint, "nope"))) {
            assertThatThrownBy(() -> wrongPassword.recall(RecContext.builder("x").build(), user()))
                    .hasMessageContaining("401");
        }
        try (Recall unknown = f.create(recallConfig("x2i_recall", "nope", p), context(endpoint, "change-me"))) {
            assertThatThrownBy(() -> unknown.recall(RecContext.builder("x").build(), user()))
                    .hasMessageContaining("AIME error 3");
        }
        assertThat(f.check(recallConfig("graph_recall", "b", p))).extracting(ConfigException::key).containsExactly("BeRecallType");
        assertThat(f.check(recallConfig("x2i_recall", "b", Map.of("TriggerType", "magic"))))
                .extracting(ConfigException::key).containsExactly("TriggerType");
    }

    @Test
    void decodesBothKeySpellings() {
        MatchResult snake = HttpAimeClient.decode("{\"error_code\":0,\"error_message\":\"none\",\"match_items\":{"
                + "\"field_names\":[\"__score__\",\"id\",\"match_type\",\"score\",\"trigger_id\",\"trigger_score\"],"
                + "\"field_values\":[[1.0,\"24\",1,0.0,\"1\",1.0]]}}");
        MatchResult camel = HttpAimeClient.decode("{\"errorCode\":0,\"errorMessage\":\"none\",\"matchItems\":{"
                + "\"fieldNames\":[\"__score__\",\"id\"],\"fieldValues\":[[\"1.0\",\"24\"]]}}");
        assertThat(snake.rows().get(0)).containsExactly(1.0, "24", 1L, 0.0, "1", 1.0);
        assertThat(camel.rows().get(0)).containsExactly("1.0", "24");
        assertThat(HttpAimeClient.decode("{\"error_code\":3,\"error_message\":\"biz not exist.\"}").errorCode()).isEqualTo(3);
        BeRecall r = new BeRecall("n", "b", BeRecall.Type.X2I, 10, 10,
                List.of(new BeRecall.Param("b", 10, "", u -> "x:1", "id")), q -> snake, false);
        List<Item> items = r.items(snake);
        assertThat(items.get(0).id()).isEqualTo("24");
        assertThat(items.get(0).score()).isEqualTo(1.0);
        assertThat(r.items(camel).get(0).score()).isEqualTo(1.0);
    }

    @Test
    void feedRequestEndToEnd() {
        try (RecEngine engine = RecEngine.start(EngineOptions.of(SAMPLE))) {
            FeedResult r = engine.feed(FeedRequest.builder("u1").size(10).sceneId("home_feed").debug(true).build());
            assertThat(r.code()).as(r.msg()).isIn(FeedResult.OK, FeedResult.NOT_ENOUGH);
            assertThat(r.items()).extracting(Item::retrieveId).contains("be_x2i", "be_vector");
            // trigger_key2's best item, via the user's click_seq from user_detail
            assertThat(r.items()).extracting(Item::id).contains("1002");
        }
    }
}
