package io.recengine.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The golden-answer check: for a seeded request mix shaped like the benchmark's ({@code bench/feed-mix.lua}:
 * uid uniform over the users, size 10..20, scene {@code home_feed}), the engine's {@code /api/rec/feed}
 * must answer what the naive reference {@code /bench/naive} answers: the same code, the same items in
 * the same order with the same retrieve ids, scores within {@link #SCORE_TOLERANCE}. Both routes are
 * served by one tools server started with {@code -Drecengine.bench.data=DIR}.
 */
public final class GoldenCheck {

    public static final double SCORE_TOLERANCE = 1e-6;
    private static final int SHOWN_MISMATCHES = 3;

    /**
     * What a check found.
     *
     * @param requests    requests sent (each to both routes)
     * @param mismatches  requests whose answers differ
     * @param fullAnswers requests the engine answered with code 200 and the requested number of items
     *                    (so that "no mismatch" cannot come from two empty answers)
     * @param examples    the first few differences, for the report
     */
    public record Outcome(int requests, int mismatches, int fullAnswers, List<String> examples) {

        public String summary() {
            return "golden: " + (requests - mismatches) + "/" + requests + " requests identical (items, order, retrieve"
                    + " ids, scores within " + SCORE_TOLERANCE + "); " + fullAnswers + " full answers";
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** @param base the tools server, e.g. {@code http://127.0.0.1:18090} */
    public GoldenCheck(URI base) {
        this.base = base;
    }

    /** Sends {@code requests} seeded requests for uids 1..{@code users} to both routes and compares. */
    public Outcome run(int requests, int users, long seed) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        int mismatches = 0;
        int full = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ObjectNode body = json.createObjectNode();
            body.put("uid", Integer.toString(1 + random.nextInt(users)));
            body.put("size", 10 + random.nextInt(11));
            body.put("scene_id", "home_feed");
            JsonNode engine = post("/api/rec/feed", body);
            JsonNode naive = post("/bench/naive", body);
            String difference = difference(engine, naive);
            if (difference != null) {
                mismatches++;
                if (examples.size() < SHOWN_MISMATCHES) {
                    examples.add("request " + body + ": " + difference + "\n  engine " + items(engine) + "\n  naive  " + items(naive));
                }
            }
            if (engine.path("code").asInt() == 200 && engine.path("items").size() == body.get("size").asInt()) {
                full++;
            }
        }
        return new Outcome(requests, mismatches, full, List.copyOf(examples));
    }

    /** Null when the answers agree, else what differs first. */
    static String difference(JsonNode engine, JsonNode naive) {
        if (engine.path("code").asInt() != naive.path("code").asInt()) {
            return "code " + engine.path("code") + " vs " + naive.path("code");
        }
        JsonNode e = engine.path("items");
        JsonNode n = naive.path("items");
        if (e.size() != n.size()) {
            return e.size() + " items vs " + n.size();
        }
        for (int i = 0; i < e.size(); i++) {
            JsonNode a = e.get(i);
            JsonNode b = n.get(i);
            if (!a.path("item_id").asText().equals(b.path("item_id").asText())
                    || !a.path("retrieve_id").asText().equals(b.path("retrieve_id").asText())) {
                return "position " + i + " differs";
            }
            if (!(Math.abs(a.path("score").asDouble() - b.path("score").asDouble()) <= SCORE_TOLERANCE)) {
                return "score at position " + i + ": " + a.path("score") + " vs " + b.path("score");
            }
        }
        return null;
    }

    private static List<String> items(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            out.add(item.path("item_id").asText() + "/" + item.path("retrieve_id").asText());
        }
        return out;
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + path + " answered HTTP " + r.statusCode() + ": "
                    + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return json.readTree(r.body());
    }
}
