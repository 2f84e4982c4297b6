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
 *
 * <p><b>Approximate vector recall</b> (the large-catalogue scenario, where the engine's vector table is
 * an HNSW index and the naive reference scans exactly): an approximate index may miss a few of the exact
 * top-K, and a missed candidate may change the final list, so equality with the exact answer cannot be
 * required. The check then splits what it compares: (1) the engine's answer must equal, exactly as
 * above, the naive pipeline run on the vector candidates the engine's index returns
 * ({@code /bench/naive?vectors=engine}: the naive code re-scores them and does everything else itself),
 * which checks the whole pipeline but the index; (2) the index must return at least
 * {@link #MIN_VECTOR_RECALL} of the exact top-K over all requests ({@code /bench/vector-recall}), which
 * checks the index against the exact scan. How many answers equal the exact answer is reported.
 */
public final class GoldenCheck {

    public static final double SCORE_TOLERANCE = 1e-6;
    /**
     * The least share of the exact top-K the engine's vector index must return (approximate mode). The
     * large scenario's HNSW at the default parameters returns about 0.96 of the exact top-400 (200,000
     * items, 32 dimensions); an index that is broken (wrong metric, wrong vectors, missing items) falls far
     * below.
     */
    public static final double MIN_VECTOR_RECALL = 0.90;
    private static final int SHOWN_MISMATCHES = 3;

    /**
     * What a check found.
     *
     * @param requests    requests sent (each to both routes)
     * @param mismatches  requests whose answers differ
     * @param fullAnswers requests the engine answered with code 200 and the requested number of items
     *                    (so that "no mismatch" cannot come from two empty answers)
     * @param examples    the first few differences, for the report
     * @param approximate whether the vector recall was checked as approximate (see the class comment)
     * @param exactAnswers requests whose engine answer equals the exact naive answer (all of them when
     *                    not approximate and nothing mismatched)
     * @param recallHits  approximate: exact top-K ids the engine's index returned, summed over requests
     * @param recallOf    approximate: K summed over requests
     */
    public record Outcome(int requests, int mismatches, int fullAnswers, List<String> examples, boolean approximate,
                          int exactAnswers, long recallHits, long recallOf) {

        /** The engine's vector index's recall@K over all requests (1 when not approximate). */
        public double vectorRecall() {
            return recallOf == 0 ? (approximate ? 0 : 1) : (double) recallHits / recallOf;
        }

        /** No mismatch and, approximate, the index's recall at least {@link #MIN_VECTOR_RECALL}. */
        public boolean passed() {
            return mismatches == 0 && (!approximate || vectorRecall() >= MIN_VECTOR_RECALL);
        }

        public String summary() {
            String same = "items, order, retrieve ids, scores within " + SCORE_TOLERANCE;
            if (!approximate) {
                return "golden: " + (requests - mismatches) + "/" + requests + " requests identical (" + same + "); "
                        + fullAnswers + " full answers";
            }
            return "golden (approximate vector recall): " + (requests - mismatches) + "/" + requests
                    + " requests identical to the naive pipeline on the engine's vector candidates (" + same + "); "
                    + String.format(java.util.Locale.ROOT, "vector recall@%d %.4f (at least %.2f); ",
                            requests == 0 ? 0 : recallOf / Math.max(1, requests), vectorRecall(), MIN_VECTOR_RECALL)
                    + exactAnswers + "/" + requests + " identical to the exact naive answer; " + fullAnswers + " full answers";
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
        return run(requests, users, seed, false);
    }

    /**
     * As {@link #run(int, int, long)}; {@code approximate}: the engine's vector recall is checked as an
     * approximate index (see the class comment).
     */
    public Outcome run(int requests, int users, long seed, boolean approximate) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        int mismatches = 0;
        int full = 0;
        int exactAnswers = 0;
        long recallHits = 0;
        long recallOf = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ObjectNode body = json.createObjectNode();
            body.put("uid", Integer.toString(1 + random.nextInt(users)));
            body.put("size", 10 + random.nextInt(11));
            body.put("scene_id", "home_feed");
            JsonNode engine = post("/api/rec/feed", body);
            JsonNode naive = post("/bench/naive", body);
            String difference = difference(engine, naive);
            if (difference == null) {
                exactAnswers++;
            }
            if (approximate) {
                naive = post("/bench/naive?vectors=engine", body);
                difference = difference(engine, naive);
                JsonNode recall = post("/bench/vector-recall", body);
                recallHits += recall.path("hits").asLong();
                recallOf += recall.path("k").asLong();
            }
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
        return new Outcome(requests, mismatches, full, List.copyOf(examples), approximate, exactAnswers, recallHits,
                recallOf);
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
