package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/admin/reload} with admin credentials: refused without them, a broken config is rejected
 * (422, the old one keeps serving, {@code /health} DEGRADED with the problem, the metric counts it), the
 * fixed file is applied. The watcher is off here, so every reload is the route's.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminReloadServerTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));

    private Path config;

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String config(String sortNames) {
        return """
                {"EngineConf": {"AdminUsername": "ops", "AdminPassword": "s3cret", "ConfigWatchIntervalMs": 0},
                 "SceneConfs": {"home": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                 "SortConfs": [{"Name": "low_first", "SortType": "CustomFieldSort", "SortOrder": "asc"}],
                 "SortNames": {"home": %s}}
                """.formatted(sortNames);
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("admin-reload-test");
            config = dir.resolve("engine.json");
            Files.writeString(config, config("[\"ItemRankScore\"]"));
            return Map.of(EngineFactory.CONFIG_PROPERTY, config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> reload(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve("/api/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    private JsonNode health() throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(server.getURI().resolve("/health")).GET()).body());
    }

    private String feedIds() throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"u1\",\"size\":3,\"scene_id\":\"home\","
                        + "\"item_list\":[{\"item_id\":\"b\",\"score\":0.9},{\"item_id\":\"a\",\"score\":0.1},"
                        + "{\"item_id\":\"c\",\"score\":0.5}]}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        StringBuilder ids = new StringBuilder();
        JSON.readTree(r.body()).path("items").forEach(i -> ids.append(i.path("item_id").asText()));
        return ids.toString();
    }

    @Test
    @Order(1)
    void theRouteAsksForTheAdminCredentials() throws Exception {
        HttpResponse<String> none = reload(null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops:nope".getBytes(StandardCharsets.UTF_8));
        assertThat(reload(wrong).statusCode()).isEqualTo(401);
        HttpResponse<String> same = reload(AUTH);
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(JSON.readTree(same.body()).path("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    @Order(2)
    void aBrokenConfigIsRejectedTheOldOneServesAndTheFixedOneIsApplied() throws Exception {
        assertThat(feedIds()).isEqualTo("bca");
        String served = health().path("details").path("config").path("details").path("version").asText();

        Files.writeString(config, config("[\"no_such_sort\"]"));
        HttpResponse<String> rejected = reload(AUTH);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
        JsonNode r = JSON.readTree(rejected.body());
        assertThat(r.path("outcome").asText()).isEqualTo("rejected");
        assertThat(r.path("version").asText()).isEqualTo(served);
        assertThat(r.path("problems").toString()).contains("no_such_sort");
        assertThat(feedIds()).isEqualTo("bca");
        JsonNode health = health();
        assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
        JsonNode cfg = health.path("details").path("config");
        assertThat(cfg.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(cfg.path("details").path("version").asText()).isEqualTo(served);
        assertThat(cfg.path("details").path("lastReload").path("outcome").asText()).isEqualTo("rejected");
        assertThat(cfg.path("details").path("lastReload").path("problems").toString()).contains("no_such_sort");
        assertThat(health.toString()).doesNotContain("s3cret");

        Files.writeString(config, config("[\"low_first\"]"));
        HttpResponse<String> applied = reload(AUTH);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(JSON.readTree(applied.body()).path("outcome").asText()).isEqualTo("applied");
        assertThat(feedIds()).as("the lowest score first").isEqualTo("acb");
        cfg = health().path("details").path("config");
        assertThat(cfg.path("status").asText()).isEqualTo("UP");
        assertThat(cfg.path("details").path("version").asText()).isNotEqualTo(served);

        String metrics = send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).GET()).body();
        assertThat(metrics).contains("recengine_config_reloads_total{outcome=\"rejected\"} 1.0")
                .contains("recengine_config_reloads_total{outcome=\"applied\"} 1.0")
                .contains("recengine_config_reloads_total{outcome=\"unchanged\"} 1.0");
    }
}
