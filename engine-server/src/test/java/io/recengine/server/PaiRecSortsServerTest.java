package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * PAI-Rec's built-in sorts through the feed API, configured with PAI-Rec's key names, for the Go cases
 * whose answer is the final order: the candidates come in the request's {@code item_list}
 * ({@code ContextItemRecall}), so the order a client reads is exact. Follows
 * {@code sort/diversity_rule_sort_test.go} TestDiversitryRuleSortByIntervalSize ("interval_size",
 * "interval_size_more") and {@code sort/multi_recall_mix_sort_test.go} TestFixPositionStrategyByCondition;
 * and a {@code BoostScoreSort} whose condition is an expr-lang expression ({@code in}, {@code and},
 * {@code nil}), worked by hand.
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "src/test/resources/sorts/pairec-sorts.json")
@Property(name = "micronaut.server.port", value = "-1") // any free port: builds share the machine
class PaiRecSortsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Items 0..n-1 with score i; tag t1 below half, else t2; sex man below half, else woman. */
    private static ArrayNode itemList(int n) {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            ObjectNode item = list.addObject();
            item.put("item_id", Integer.toString(i));
            item.put("score", (double) i);
            item.put("tag", i < n / 2 ? "t1" : "t2");
            item.put("sex", i < n / 2 ? "man" : "woman");
        }
        return list;
    }

    private List<String> feed(String scene, int size, int items) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("uid", "u1").put("size", size).put("scene_id", scene);
        body.set("item_list", itemList(items));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("code").asInt()).as(json.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.path("items").forEach(i -> {
            assertThat(i.path("retrieve_id").asText()).isEqualTo("ContextItemRecall");
            ids.add(i.path("item_id").asText());
        });
        return ids;
    }

    /** TestDiversitryRuleSortByIntervalSize "interval_size": arranged in the order received, tags alternate. */
    @Test
    void diversityRuleIntervalOneAlternatesTheTags() throws Exception {
        assertThat(feed("interval_1_feed", 10, 10)).containsExactly("0", "5", "1", "6", "2", "7", "3", "8", "4", "9");
    }

    /** TestDiversitryRuleSortByIntervalSize "interval_size_more": at most 2 of a tag in a row. */
    @Test
    void diversityRuleIntervalTwoAllowsTwoInARow() throws Exception {
        List<String> ids = feed("interval_2_feed", 10, 10);
        assertThat(ids).hasSize(10);
        // positions 3 and 6 (1-based) hold t2 items (ids 5..9), as the Go test asserts
        assertThat(Integer.parseInt(ids.get(2))).isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(ids.get(5))).isGreaterThanOrEqualTo(5);
        assertThat(ids).startsWith("0", "1", "5", "2", "3", "6");
    }

    /** TestFixPositionStrategyByCondition: sex = man at positions 1, 4, 6, 8, 10, for sizes 10 to 19. */
    @Test
    void mixSortPutsTheConditionsItemsAtTheirPositions() throws Exception {
        for (int size = 10; size < 20; size++) {
            List<String> ids = feed("mix_feed", size, 20);
            assertThat(ids).as("size %d", size).hasSize(size).doesNotHaveDuplicates();
            for (int pos : new int[] {1, 4, 6, 8, 10}) {
                assertThat(Integer.parseInt(ids.get(pos - 1))).as("size %d position %d", size, pos).isLessThan(10);
            }
        }
        assertThat(feed("mix_feed", 10, 20)).containsExactly("9", "19", "18", "8", "17", "7", "16", "6", "15", "5");
    }

    /** BoostScoreSort with an expr-lang condition: the t1 items (0..4) gain 100 and lead. */
    @Test
    void boostScoreSortWithAnExpressionCondition() throws Exception {
        assertThat(feed("boost_feed", 6, 10)).containsExactly("4", "3", "2", "1", "0", "9");
    }
}
