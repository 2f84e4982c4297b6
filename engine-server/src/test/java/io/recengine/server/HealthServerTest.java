package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callback sink whose remote is down at start: the server starts and serves feeds and callbacks,
 * {@code /health} answers 200 {@code DEGRADED} with the sink {@code DOWN} and no absolute path, the gauge
 * says 0, and the management routes that reveal or change internals are not there.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthServerTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("health-server-test");
            Path config = dir.resolve("callback-down.json");
            Files.writeString(config, "{\"SceneConfs\":{\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}},"
                    + "\"CallBackConfs\":{\"homepage\":{\"DataSource\":{\"Name\":\"dh\",\"Type\":\"TestUnreachable\"}}}}");
            return Map.of(EngineFactory.CONFIG_PROPERTY, config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    @Test
    void feedAndCallbackAnswerWithTheSinkDown() throws Exception {
        HttpResponse<String> feed = post("/api/rec/feed", "{\"uid\":\"u1\",\"size\":2,\"scene_id\":\"homepage\","
                + "\"item_list\":[{\"item_id\":\"1\"},{\"item_id\":\"2\"}]}");
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(feed.body()).path("items").size()).as(feed.body()).isEqualTo(2);

        HttpResponse<String> cb = post("/api/callback", CallbackServerTest.SEED_CURL_BODY);
        assertThat(cb.statusCode()).as(cb.body()).isEqualTo(200);
        assertThat(JSON.readTree(cb.body()).path("code").asInt()).isEqualTo(200);
    }

    @Test
    void healthIsDegradedWithTheSinkDownAndShowsNoAbsolutePath() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(r.body());
        assertThat(health.path("status").asText()).as(r.body()).isEqualTo("DEGRADED");
        JsonNode deps = health.path("details").path(DependenciesHealthIndicator.NAME);
        assertThat(deps.path("status").asText()).isEqualTo("DEGRADED");
        JsonNode sink = deps.path("details").path("TestUnreachable:dh");
        assertThat(sink.path("kind").asText()).as(r.body()).isEqualTo("callback_sink");
        assertThat(sink.path("status").asText()).isEqualTo("DOWN");
        assertThat(sink.path("state").asText()).isNotEmpty().doesNotContain("10.0.0.1").doesNotContain("Exception");

        JsonNode config = health.path("details").path(ConfigHealthIndicator.NAME);
        assertThat(config.path("status").asText()).as(r.body()).isEqualTo("UP");
        assertThat(config.path("details").path("version").asText()).hasSize(12);
        assertThat(config.path("details").path("file").asText()).isEqualTo("callback-down.json");

        JsonNode plugins = health.path("details").path(PluginsHealthIndicator.NAME);
        assertThat(plugins.path("status").asText()).isEqualTo("UP");
        assertThat(plugins.path("details").path("config").asText()).isEqualTo("callback-down.json");
        plugins.path("details").path("plugins").forEach(p ->
                assertThat(p.path("source").asText()).as(p.toString()).doesNotContain("/").doesNotContain("\\"));
        assertThat(r.body()).doesNotContain(dir.toString()).doesNotContain(dir.toRealPath().toString())
                .doesNotContain(System.getProperty("user.dir"));
    }

    @Test
    void dependencyGaugeIsZeroForTheDownSink() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().lines().filter(l -> l.startsWith("recengine_dependency_up{")).toList()).as(r.body())
                .singleElement().satisfies(l -> assertThat(l).contains("kind=\"callback_sink\"")
                        .contains("name=\"TestUnreachable:dh\"").endsWith(" 0.0"));
        assertThat(r.body()).doesNotContain(dir.toString());
    }

    @Test
    void managementRoutesThatRevealOrChangeInternalsAreOff() throws Exception {
        for (String path : new String[] {"/loggers", "/loggers/ROOT", "/env", "/beans", "/routes", "/threaddump",
                "/info", "/caches", "/refresh", "/stop"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isIn(404, 405);
            assertThat(r.body()).as(path).doesNotContain("configuredLevel").doesNotContain("recengine.config");
        }
        for (String path : new String[] {"/loggers/ROOT", "/refresh", "/stop", "/api/admin/reload"}) {
            HttpResponse<String> r = post(path, "{\"configuredLevel\":\"TRACE\"}");
            assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isIn(404, 405);
        }
    }
}
