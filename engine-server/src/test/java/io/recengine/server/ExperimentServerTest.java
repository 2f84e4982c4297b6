package io.recengine.server;

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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A/B experiments through the HTTP API: the feed answers PAI-Rec's {@code experiment_id}, and an
 * experiment's {@code <category>.SortNames} changes the list its users get. The experiment file sits beside
 * the config and is named relative to it.
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "src/test/resources/experiments/recconf.json")
@Property(name = "micronaut.server.port", value = "-1")
class ExperimentServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode feed(String uid) throws Exception {
        String body = "{\"uid\":\"" + uid + "\",\"size\":3,\"scene_id\":\"home\",\"item_list\":["
                + "{\"item_id\":\"a\",\"x\":3},{\"item_id\":\"b\",\"x\":2},{\"item_id\":\"c\",\"x\":1}]}";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("code").asInt()).as(json.toString()).isEqualTo(200);
        return json;
    }

    private static List<String> ids(JsonNode feed) {
        List<String> out = new ArrayList<>();
        feed.path("items").forEach(i -> out.add(i.path("item_id").asText()));
        return out;
    }

    @Test
    void theFeedNamesTheExperimentAndItsParamsChangeTheList() throws Exception {
        JsonNode base = feed("someone");
        assertThat(base.path("experiment_id").asText()).isEqualTo("ER1_L1#EG1#E1");
        assertThat(ids(base)).containsExactly("a", "b", "c");

        JsonNode test = feed("u7");
        assertThat(test.path("experiment_id").asText()).isEqualTo("ER1_L1#EG1#E7");
        assertThat(ids(test)).containsExactly("c", "b", "a");
    }
}
