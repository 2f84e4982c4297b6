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
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PAI-Rec's built-in filters through the feed API, configured with PAI-Rec's key names: the cases whose
 * answer depends on retrieve ids (how many items of each recall survive). Two {@code MockRecall}s give
 * random ids and scores under fixed recall names, so only the per-recall counts are asserted. Follows
 * the Go tests TestPriorityAdjustCountFilterV2_AccumulateCount (accumulated totals), TestSnakeFilter
 * "with weight" (Weight shares of RetainNum), TestCompletelyFairCountFilter (equal turns) and
 * TestConditionFilterMatch (a user condition picks the filter, else the default).
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "src/test/resources/filters/pairec-filters.json")
@Property(name = "micronaut.server.port", value = "-1") // any free port: builds share the machine
class PaiRecFiltersServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode feed(String scene, String features) throws Exception {
        String body = "{\"uid\":\"u1\",\"size\":50,\"scene_id\":\"" + scene + "\"" + (features == null ? ""
                : ",\"features\":" + features) + "}";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("code").asInt()).as(json.toString()).isIn(200, 299);
        return json.path("items");
    }

    private static Map<String, Integer> perRecall(JsonNode items) {
        Map<String, Integer> out = new TreeMap<>();
        items.forEach(i -> out.merge(i.path("retrieve_id").asText(), 1, Integer::sum));
        return out;
    }

    @Test
    void priorityAdjustCountKeepsEachRecallsCount() throws Exception {
        assertThat(perRecall(feed("priority_feed", null))).isEqualTo(Map.of("u2i", 3, "hot", 2));
    }

    @Test
    void priorityAdjustCountV2AccumulatesInEntryOrder() throws Exception {
        // hot fills the total to 4, u2i fills it to 7
        assertThat(perRecall(feed("v2_feed", null))).isEqualTo(Map.of("hot", 4, "u2i", 3));
    }

    @Test
    void snakeSharesRetainNumByWeight() throws Exception {
        assertThat(perRecall(feed("snake_feed", null))).isEqualTo(Map.of("u2i", 4, "hot", 2));
    }

    @Test
    void conditionFilterPicksByUserFeatureElseTheDefault() throws Exception {
        assertThat(perRecall(feed("condition_feed", "{\"query\":\"1\"}"))).isEqualTo(Map.of("u2i", 3, "hot", 2));
        assertThat(perRecall(feed("condition_feed", "{\"query\":\"2\"}"))).isEqualTo(Map.of("u2i", 4, "hot", 4));
        assertThat(perRecall(feed("condition_feed", null))).isEqualTo(Map.of("u2i", 4, "hot", 4));
    }
}
