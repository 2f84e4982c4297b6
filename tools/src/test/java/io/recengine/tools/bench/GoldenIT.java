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
 * retrieve ids, scores within 1e-6). Black-box over HTTP, as the harness runs it.
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
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void engineAnswersEqualTheNaiveReference() throws Exception {
        assertThat(JAR).as("run 'mvn verify' (package builds the tools jar)").isRegularFile();
        Path data = tmp.resolve("data");
        QuickstartData.ensure(data, SPEC);
        Path config = benchConfigOn(data, tmp.resolve("quickstart-bench.json"));

        int port = freePort();
        Path log = tmp.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drecengine.bench.data=" + data, "-jar", JAR.toString(),
                "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);

            GoldenCheck.Outcome outcome = new GoldenCheck(base).run(REQUESTS, SPEC.users(), 7L);
            assertThat(outcome.mismatches()).as(outcome.summary() + "\n" + String.join("\n", outcome.examples())).isZero();
            assertThat(outcome.requests()).isEqualTo(REQUESTS);
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
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The bench config with its tables and model pointed at {@code data} (the harness uses the fixed quickstart dir). */
    private static Path benchConfigOn(Path data, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(BENCH_CONFIG.toFile());
        for (JsonNode table : config.path("MatchEngineConf").path("Tables")) {
            String file = Path.of(table.path("Path").asText()).getFileName().toString();
            ((ObjectNode) table).put("Path", data.resolve(file).toAbsolutePath().toString());
            if (table.path("Kind").asText().equals("vector")) {
                ((ObjectNode) table).put("Dimension", SPEC.dim());
            }
        }
        for (JsonNode algo : config.path("AlgoConfs")) {
            ((ObjectNode) algo.path("LocalConf")).put("ModelPath",
                    data.resolve(QuickstartData.MODEL_FILE).toAbsolutePath().toString());
        }
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
