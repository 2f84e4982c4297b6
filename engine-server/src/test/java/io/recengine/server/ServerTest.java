package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer over the seed's ContextItemRecall config, through a plain {@code java.net.http} client
 * (so compression is seen on the wire, not undone by a framework client).
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "../config-samples/contextitem.json")
class ServerTest {

    /** The request example of the seed (PAI-Rec docs, "Call the recommendation engine API"). */
    static final String SEED_REQUEST = """
            {
              "uid":"13579",
              "size":10,
              "scene_id":"home_feed",
              "item_list":[{"item_id":"1111", "score":1},{"item_id":"222", "score":0.95}]
            }""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_FOUND_BODY = "{\"code\":404,\"msg\":\"url not found route info\",\"request_id\":\"\"}";

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private URI uri(String path) {
        return server.getURI().resolve(path);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static void assertSeedAnswer(JsonNode body) {
        assertThat(body.path("code").asInt()).isIn(200, 299);
        assertThat(body.path("msg").asText()).isIn("success", "items size not enough");
        assertThat(body.path("request_id").asText()).isNotEmpty();
        assertThat(body.has("experiment_id")).isTrue();
        JsonNode items = body.path("items");
        assertThat(items.isArray()).isTrue();
        assertThat(items.size()).isEqualTo(2);
        assertThat(body.path("size").asInt()).isEqualTo(items.size());
        for (JsonNode item : items) {
            assertThat(item.path("item_id").isTextual()).isTrue();
            assertThat(item.path("score").isNumber()).isTrue();
            assertThat(item.path("retrieve_id").asText()).isEqualTo("ContextItemRecall");
        }
        assertThat(items.findValuesAsText("item_id")).containsExactlyInAnyOrder("1111", "222");
    }

    @Test
    void feedAnswersTheSeedRequest() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", utf8(SEED_REQUEST), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json(r);
        assertSeedAnswer(body);
        assertThat(body.path("code").asInt()).isEqualTo(299); // 2 items < size 10
    }

    @Test
    void feedTakesAnyContentTypeOrNone() throws Exception {
        assertSeedAnswer(json(post("/api/rec/feed", utf8(SEED_REQUEST))));
        for (String type : new String[] {"text/plain", "application/octet-stream",
                "application/x-www-form-urlencoded", "application/json; charset=utf-8"}) {
            HttpResponse<byte[]> r = post("/api/rec/feed", utf8(SEED_REQUEST), "Content-Type", type);
            assertThat(r.statusCode()).as(type).isEqualTo(200);
            assertSeedAnswer(json(r));
        }
    }

    @Test
    void feedEchoesRequestId() throws Exception {
        String request = SEED_REQUEST.replace("\"uid\"", "\"request_id\":\"req-42\",\"uid\"");
        assertThat(json(post("/api/rec/feed", utf8(request))).path("request_id").asText()).isEqualTo("req-42");
    }

    @Test
    void gzipRequestBody() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", RequestBodiesTest.gzip(utf8(SEED_REQUEST)),
                "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSeedAnswer(json(r));
    }

    @Test
    void corruptGzipBodyIsAParameterError() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", utf8(SEED_REQUEST), "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":400,\"msg\":\"read parammeter error\",\"request_id\":\"\"}");
    }

    @Test
    void gzipResponseWhenAccepted() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", utf8(SEED_REQUEST), "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            plain = in.readAllBytes();
        }
        assertSeedAnswer(JSON.readTree(plain));

        HttpResponse<byte[]> identity = post("/api/rec/feed", utf8(SEED_REQUEST));
        assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void malformedJsonIsAParameterError() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", utf8("{\"uid\":"), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("code").asInt()).isEqualTo(400);
        assertThat(body.path("msg").asText()).isNotEmpty();
        assertThat(body.has("request_id")).isTrue();
    }

    @Test
    void emptyBodyIsAParameterError() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("code").asInt()).isEqualTo(400);
    }

    @Test
    void recallRoute() throws Exception {
        HttpResponse<byte[]> r = post("/api/recall", utf8(SEED_REQUEST), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.path("code").asInt()).isIn(200, 299, 400);
        assertThat(body.has("msg")).isTrue();
        assertThat(body.has("request_id")).isTrue();
    }

    @Test
    void feedIgnoresTheAcceptHeader() throws Exception {
        HttpResponse<byte[]> r = post("/api/rec/feed", utf8(SEED_REQUEST), "Accept", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSeedAnswer(json(r));
    }

    @Test
    void getOnAnApiRouteGivesTheEnvelope() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/rec/feed")).GET()
                .header("Accept", "text/html,application/xhtml+xml"));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":405,\"msg\":\"method not allowed\",\"request_id\":\"\"}");
    }

    @Test
    void ping() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/ping")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("success");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/plain"));
    }

    @Test
    void unknownPathIsAJson404() throws Exception {
        for (String accept : new String[] {"*/*", "text/html"}) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/no/such/route")).GET().header("Accept", accept));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(NOT_FOUND_BODY);
        }
        HttpResponse<byte[]> post = post("/api/no_such_api", utf8(SEED_REQUEST));
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo(NOT_FOUND_BODY);
    }

    @Test
    void unhandledExceptionIsA500EnvelopeWithoutDetails() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/test-only/boom")).GET());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":500,\"msg\":\"server error\",\"request_id\":\"\"}");
    }

    @Test
    void bodyTooLargeIsAnEnvelope() throws Exception {
        byte[] big = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<byte[]> r;
        try {
            r = post("/api/rec/feed", big, "Content-Type", "application/json");
        } catch (IOException e) {
            // the server may answer and close before the whole body is sent; then no body to check
            System.out.println("bodyTooLarge: client saw " + e);
            return;
        }
        assertThat(r.statusCode()).isIn(413, 400);
        JsonNode body = json(r);
        assertThat(body.path("code").asInt()).isEqualTo(r.statusCode());
        assertThat(body.path("request_id").asText()).isEmpty();
    }

    @Test
    void metricsInPrometheusFormat() throws Exception {
        post("/api/rec/feed", utf8(SEED_REQUEST));
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/metrics")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/plain"));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(text).containsAnyOf("\npairec_", "\nrecengine_");
        assertThat(text).contains("http_server_requests_seconds");
        assertThat(text).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthListsThePlugins() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode plugins = json(r).path("details").path("plugins");
        assertThat(plugins.path("status").asText()).isEqualTo("UP");
        assertThat(plugins.path("details").isObject()).isTrue();
        assertThat(plugins.path("details").toString()).contains("ContextItemRecall");
    }

    @Test
    void healthShowsFileNamesNotAbsolutePaths() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = json(r);
        String body = health.toString();
        assertThat(health.path("status").asText()).as(body).isEqualTo("UP");
        assertThat(health.path("details").path("plugins").path("details").path("config").asText())
                .isEqualTo("contextitem.json");
        assertThat(health.path("details").path(DependenciesHealthIndicator.NAME).path("status").asText())
                .as(body).isEqualTo("UP");
        String configSamples = java.nio.file.Path.of("..", "config-samples").toAbsolutePath().normalize().toString();
        assertThat(body).doesNotContain(configSamples).doesNotContain(System.getProperty("user.dir"));
    }

    @Test
    void loggersIsNotServed() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/loggers")).GET());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(NOT_FOUND_BODY);
    }
}
