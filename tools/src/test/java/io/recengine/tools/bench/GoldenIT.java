package io.recengine.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.tools.quickstart.DatasetSpec;
import io.recengine.tools.quickstart.QuickstartData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The golden check inside {@code mvn verify}: the packaged tools jar serves the benchmark scene
 * ({@code bench/quickstart-bench.json}) on a freshly generated data set, and for 300 seeded requests of
 * the benchmark's mix the engine's answers must equal the naive reference's (same code, items, order,
 * retrieve ids, scores within 1e-6); and the large-catalogue scene ({@code bench/large-bench.json},
 * HNSW) passes the approximate check. Black-box over HTTP, as the harness runs it.
 */
class GoldenIT {

    private static final Path JAR = Path.of("target", "recengine-tools.jar");
    private static final Path BENCH_CONFIG = Path.of("..", "bench", "quickstart-bench.json");
    /**
     * The benchmark data's shape at a size that generates and trains in seconds: the bench config's 32
     * dimensions and 18 categories, and more items than the recalls take (i2i 400 + vector 400 +
     * popular 200), so that every recall has to choose.
     */
    static final DatasetSpec SPEC = new DatasetSpec(500, 2_000, 40_000, 18, 32, 42L);
    private static final int REQUESTS = 300;
    private static final Path LARGE_BENCH_CONFIG = Path.of("..", "bench", "large-bench.json");
    /**
     * The large scenario's shape (the bench config's 32 dimensions, 18 categories) with a catalogue far
     * above the vector recall's 400 and above {@link #LARGE_HNSW_THRESHOLD}, small enough to generate,
     * index and check in seconds.
     */
    static final DatasetSpec LARGE_SPEC = new DatasetSpec(500, 12_000, 40_000, 18, 32, 43L);
    private static final int LARGE_HNSW_THRESHOLD = 5_000;
    private static final int LARGE_REQUESTS = 100;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180); // a hang, not a slow start on a loaded box
    /** Recall and rank timeouts in the test's configs: only to turn a hang into a failure. */
    private static final int STAGE_TIMEOUT_MS = 30_000;
    private static final Duration INDEX_BUILD_LIMIT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void engineAnswersEqualTheNaiveReference() throws Exception {
        assertThat(JAR).as("run 'mvn verify' (package builds the tools jar)").isRegularFile();
        Path data = tmp.resolve("data");
        QuickstartData.ensure(data, SPEC);
        Path config = benchConfigOn(BENCH_CONFIG, data, SPEC, null, tmp.resolve("quickstart-bench.json"));

        serve(config, data, base -> {
            GoldenCheck.Outcome outcome = new GoldenCheck(base).run(REQUESTS, SPEC.users(), 7L);
            assertThat(outcome.mismatches()).as(outcome.summary() + "\n" + String.join("\n", outcome.examples())).isZero();
            assertThat(outcome.passed()).as(outcome.summary()).isTrue();
            assertThat(outcome.requests()).isEqualTo(REQUESTS);
            assertThat(outcome.exactAnswers()).as(outcome.summary()).isEqualTo(REQUESTS);
            // identical because both are full answers, not because both are empty
            assertThat(outcome.fullAnswers()).as(outcome.summary()).isEqualTo(REQUESTS);

            // the harness's floor route is served by the same process
            HttpResponse<String> floor = http.send(HttpRequest.newBuilder(base.resolve("/bench/floor"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"1\",\"size\":10,\"scene_id\":\"home_feed\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = new ObjectMapper().readTree(floor.body());
            assertThat(answer.path("code").asInt()).as(floor.body()).isEqualTo(200);
            assertThat(answer.path("items").size()).isEqualTo(10);
        });
    }

    /**
     * The large-catalogue scenario ({@code bench/large-bench.json}) at a size {@code mvn verify} can afford:
     * {@link #LARGE_SPEC}'s 12,000 items with the HNSW threshold lowered to {@link #LARGE_HNSW_THRESHOLD}, so
     * that the engine's vector recall is the HNSW index while the naive reference scans exactly. The check
     * is the approximate one ({@link GoldenCheck}): the engine equals the naive pipeline on the engine's
     * vector candidates, and the index returns at least {@link GoldenCheck#MIN_VECTOR_RECALL} of the exact
     * top-400. The harness runs the full 200,000 items.
     */
    @Test
    void largeCatalogueServedByHnswPassesTheApproximateCheck() throws Exception {
        assertThat(JAR).as("run 'mvn verify' (package builds the tools jar)").isRegularFile();
        Path data = tmp.resolve("large-data");
        QuickstartData.ensure(data, LARGE_SPEC);
        Path config = benchConfigOn(LARGE_BENCH_CONFIG, data, LARGE_SPEC, LARGE_HNSW_THRESHOLD,
                tmp.resolve("large-bench.json"));

        serve(config, data, base -> {
            JsonNode status = get(base.resolve("/bench/status?await=true"));
            assertThat(status.path("indexIdle").asBoolean()).as(status.toString()).isTrue();
            assertThat(status.path("vectors").asInt()).isEqualTo(LARGE_SPEC.items());
            assertThat(status.path("index").asText()).as("the engine's vector recall is the HNSW index").startsWith("hnsw");

            GoldenCheck.Outcome outcome = new GoldenCheck(base).run(LARGE_REQUESTS, LARGE_SPEC.users(), 7L, true);
            assertThat(outcome.mismatches()).as(outcome.summary() + "\n" + String.join("\n", outcome.examples())).isZero();
            assertThat(outcome.vectorRecall()).as(outcome.summary()).isGreaterThanOrEqualTo(GoldenCheck.MIN_VECTOR_RECALL);
            assertThat(outcome.passed()).as(outcome.summary()).isTrue();
            assertThat(outcome.recallOf()).isEqualTo((long) LARGE_REQUESTS * NaivePipeline.VECTOR_COUNT);
            assertThat(outcome.fullAnswers()).as(outcome.summary()).isEqualTo(LARGE_REQUESTS);

            // the allocation counter the harness divides by requests moves, and the naive route counts
            JsonNode after = get(base.resolve("/bench/status"));
            assertThat(after.path("allocatedBytes").asLong()).isGreaterThan(status.path("allocatedBytes").asLong());
            // and so does the CPU time it divides by requests
            assertThat(after.path("cpuNanos").asLong()).isGreaterThan(status.path("cpuNanos").asLong());
            assertThat(after.path("naiveRequests").asLong()).isEqualTo(2L * LARGE_REQUESTS);
            assertThat(after.path("naiveCandidates").asLong()).isGreaterThan(after.path("naiveRequests").asLong());
        });
    }

    /** What to do with a running tools server. */
    private interface ServerUse {
        void use(URI base) throws Exception;
    }

    /** Starts the packaged tools jar on {@code config} with the bench routes over {@code data}, runs {@code use}, stops it. */
    private void serve(Path config, Path data, ServerUse use) throws Exception {
        int port = freePort();
        Path log = tmp.resolve("server-" + port + ".log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drecengine.bench.data=" + data, "-jar", JAR.toString(),
                "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);
            use.use(base);
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(INDEX_BUILD_LIMIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    /**
     * A bench config with its tables and model pointed at {@code data} (the harness uses the fixed data
     * dirs) and, when {@code hnswThreshold} is not null, its vector table's HNSW threshold set to it.
     */
    private static Path benchConfigOn(Path benchConfig, Path data, DatasetSpec spec, Integer hnswThreshold, Path out)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(benchConfig.toFile());
        for (JsonNode table : config.path("MatchEngineConf").path("Tables")) {
            String file = Path.of(table.path("Path").asText()).getFileName().toString();
            ((ObjectNode) table).put("Path", data.resolve(file).toAbsolutePath().toString());
            if (table.path("Kind").asText().equals("vector")) {
                ((ObjectNode) table).put("Dimension", spec.dim());
                if (table.has("HnswGraphFile")) { // the built graph kept beside this run's data, not the harness's
                    ((ObjectNode) table).put("HnswGraphFile", data.resolve(
                            Path.of(table.path("HnswGraphFile").asText()).getFileName().toString()).toAbsolutePath().toString());
                }
                if (hnswThreshold != null) {
                    ((ObjectNode) table).put("HnswThreshold", hnswThreshold);
                }
            }
        }
        for (JsonNode algo : config.path("AlgoConfs")) {
            ((ObjectNode) algo.path("LocalConf")).put("ModelPath",
                    data.resolve(QuickstartData.MODEL_FILE).toAbsolutePath().toString());
            // answers must not depend on the box's speed: a rank stage past its timeout degrades to
            // unscored items, which a loaded CI box would report as a mismatch
            ((ObjectNode) algo.path("LocalConf")).put("Timeout", STAGE_TIMEOUT_MS);
        }
        for (JsonNode recall : config.path("RecallConfs")) {
            ((ObjectNode) recall).put("Timeout", STAGE_TIMEOUT_MS);
        }
        config.with("EngineConf").put("RequestTimeout", STAGE_TIMEOUT_MS);
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), config);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void awaitPing(Process server, URI base, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("tools server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(base.resolve("/ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("no /ping answer within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
    }
}
