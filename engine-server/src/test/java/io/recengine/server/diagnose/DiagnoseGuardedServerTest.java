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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code EngineConf.DiagnoseUsername}/{@code DiagnosePassword} set, every diagnose route needs them. */
@MicronautTest
@Property(name = "recengine.config", value = "src/test/resources/diagnose-guarded.json")
class DiagnoseGuardedServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String path, String body, String user, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteAsksForTheCredentials() throws Exception {
        for (String path : new String[] {"/diagnose", "/diagnose/assets/diagnose.js", "/diagnose/api/meta",
                "/diagnose/api/recent?scene=home_feed"}) {
            HttpResponse<String> none = send("GET", path, null, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
            assertThat(send("GET", path, null, "admin", "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(send("GET", path, null, "admin", "s3cret").statusCode()).as(path).isEqualTo(200);
        }
        String req = "{\"uid\":\"1\",\"scene_id\":\"home_feed\",\"item_list\":[{\"item_id\":\"a\"}]}";
        assertThat(send("POST", "/diagnose/api/trace", req, null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/diagnose/api/trace", req, "admin", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void theFeedRouteFillsTheReplayRingOfItsScene() throws Exception {
        for (int i = 1; i <= 3; i++) {
            String body = "{\"uid\":\"" + i + "\",\"scene_id\":\"home_feed\",\"item_list\":[{\"item_id\":\"a\"}]}";
            assertThat(send("POST", "/api/rec/feed", body, null, null).statusCode()).isEqualTo(200);
        }
        send("POST", "/api/rec/feed", "{\"uid\":\"9\",\"scene_id\":\"other\"}", null, null);
        JsonNode recent = JSON.readTree(send("GET", "/diagnose/api/recent?scene=home_feed", null, "admin", "s3cret").body());
        assertThat(recent.path("enabled").asBoolean()).isTrue();
        JsonNode requests = recent.path("requests");
        assertThat(requests.size()).as("the ring keeps DiagnoseRecentRequests = 2").isEqualTo(2);
        assertThat(requests.get(0).asText()).contains("\"uid\":\"3\"");
        assertThat(requests.get(1).asText()).contains("\"uid\":\"2\"");
        JsonNode other = JSON.readTree(send("GET", "/diagnose/api/recent?scene=other", null, "admin", "s3cret").body());
        assertThat(other.path("requests").size()).as("only configured scenes are kept").isZero();
    }
}
