package io.recengine.server.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The diagnostic page's routes on the seed's ContextItemRecall config, open (no credentials configured). */
@MicronautTest
@Property(name = "recengine.config", value = "../config-samples/contextitem.json")
class DiagnoseServerTest {

    static final String SEED_REQUEST = """
            {"uid":"13579","size":10,"scene_id":"home_feed",
             "item_list":[{"item_id":"1111","score":1},{"item_id":"222","score":0.95},{"item_id":"1111","score":0.5}]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndItsAssetsFromTheJar() throws Exception {
        HttpResponse<String> page = get("/diagnose");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"diagnose\"").contains("diagnose/assets/diagnose.js")
                .doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> js = get("/diagnose/assets/diagnose.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        // self-contained: nothing fetched from elsewhere (the SVG namespace is a name, not a fetch)
        assertThat(js.body().replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
        assertThat(get("/diagnose/assets/diagnose.css").statusCode()).isEqualTo(200);
        // the page's links are relative to /diagnose: /diagnose/ is sent there
        HttpResponse<String> slash = get("/diagnose/");
        assertThat(slash.statusCode()).isIn(301, 302, 303, 307, 308);
        assertThat(server.getURI().resolve("/diagnose/").resolve(slash.headers().firstValue("Location").orElse(""))
                .getPath()).isEqualTo("/diagnose");
        assertThat(get("/diagnose/assets/..%2Fapplication.yml").statusCode()).isEqualTo(404);
        assertThat(get("/diagnose/assets/other.js").statusCode()).isEqualTo(404);
    }

    @Test
    void metaListsScenesCategoriesAndTheReplayRing() throws Exception {
        JsonNode meta = JSON.readTree(get("/diagnose/api/meta").body());
        assertThat(meta.path("scenes").path("home_feed").get(0).asText()).isEqualTo("default");
        assertThat(meta.path("item_tables").isArray()).isTrue();
        assertThat(meta.path("recent_requests").asInt()).as("off by default").isZero();
        JsonNode recent = JSON.readTree(get("/diagnose/api/recent?scene=home_feed").body());
        assertThat(recent.path("enabled").asBoolean()).isFalse();
        assertThat(recent.path("requests").size()).isZero();
    }

    @Test
    void traceAnswersTheFeedAnswerAndEveryStage() throws Exception {
        HttpResponse<String> r = post("/diagnose/api/trace", SEED_REQUEST);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("code").asInt()).isEqualTo(299);
        assertThat(a.path("items").size()).isEqualTo(2);
        assertThat(a.path("items").get(0).path("item_id").asText()).isEqualTo("1111");
        assertThat(a.path("items").get(0).path("position").asInt()).isEqualTo(1);
        assertThat(a.path("response").path("items").size()).isEqualTo(2);
        assertThat(a.path("logs").size()).isPositive();
        JsonNode acc = a.path("trace").path("accounting");
        assertThat(acc.path("recalled").asInt()).isEqualTo(3);
        assertThat(acc.path("removed_by_filters").asInt()).isEqualTo(1);
        assertThat(acc.path("returned").asInt()).isEqualTo(2);
        assertThat(acc.path("balanced").asBoolean()).isTrue();
        assertThat(a.path("trace").path("stages").findValuesAsText("stage")).contains("recall", "filter", "sort", "truncate");
    }

    @Test
    void aBadRequestGetsTheFeedRoutesMessage() throws Exception {
        JsonNode bad = JSON.readTree(post("/diagnose/api/trace", "{\"uid\": 1, \"size\": \"ten\"}").body());
        JsonNode feed = JSON.readTree(post("/api/rec/feed", "{\"uid\": 1, \"size\": \"ten\"}").body());
        assertThat(bad.path("code").asInt()).isEqualTo(400);
        assertThat(bad.path("msg").asText()).isNotEmpty().isEqualTo(feed.path("msg").asText());
        JsonNode broken = JSON.readTree(post("/diagnose/api/trace", "{\"uid\": ").body());
        assertThat(broken.path("code").asInt()).isEqualTo(400);
    }

    @Test
    void theOpenPageNeedsNoCredentials() throws Exception {
        assertThat(get("/diagnose/api/meta").statusCode()).isEqualTo(200);
        assertThat(get("/diagnose").headers().firstValue("Cache-Control")).as("user data is not cached").hasValue("no-store");
    }
}
