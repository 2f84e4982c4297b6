package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Black-box test of the shaded jar: {@code java -jar target/engine-server.jar} as a separate process,
 * spoken to over HTTP only. Run by maven-failsafe in {@code mvn verify}, after {@code package}.
 */
class EngineJarIT {

    private static final Path JAR = Path.of("target", "engine-server.jar");
    private static final Path CONFIG = Path.of("..", "config-samples", "contextitem.json");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    /** A config that refers to an unknown recall type, an undefined recall name and an unknown filter. */
    private static final String BROKEN_CONFIG = """
            {
              "RecallConfs": [{"Name": "bad_recall", "RecallType": "NoSuchRecallType"}],
              "SceneConfs": {"home_feed": {"default": {"RecallNames": ["bad_recall", "missing_recall"]}}},
              "FilterNames": {"default": ["NoSuchFilter"]}
            }""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarIsBuilt() throws IOException {
        assertThat(JAR).as("run 'mvn verify' (package builds the shaded jar)").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(Application.class.getName());
            // the engine's built-in plugin(s) are found by ServiceLoader from the fat jar
            assertThat(jar.getEntry("META-INF/services/io.recengine.spi.Plugin")).isNotNull();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Runs the jar to completion (subcommands, failing starts); returns the exit code and the output. */
    private record Run(int exit, String stdout, String stderr) {
    }

    private Run runJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
        Path err = tmp.resolve("err-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("jar did not exit: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void servesTheSeedRequestOverHttp() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("server.log");
        Process server = new ProcessBuilder(java(), "-jar", JAR.toString(),
                "--config", CONFIG.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ServerTest.SEED_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            JsonNode body = new ObjectMapper().readTree(r.body());
            ServerTest.assertSeedAnswer(body);

            // engine metrics reach Prometheus through the composite registry the engine was started with
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsAnyOf("\npairec_", "\nrecengine_").contains("http_server_requests_seconds");

            HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(base.resolve("/nope"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("{\"code\":404,\"msg\":\"url not found route info\",\"request_id\":\"\"}");
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String serverLog = Files.readString(log);
        assertThat(serverLog).doesNotContain("Exception");
        // SIGTERM stops the application context, which closes the engine
        assertThat(serverLog).contains("Stopping RecEngine");
    }

    private void awaitPing(Process server, URI base, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(base.resolve("/ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200 && ping.body().equals("success")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("no /ping answer within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
    }

    @Test
    void validateReportsEveryProblemAndFails() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, BROKEN_CONFIG, StandardCharsets.UTF_8);
        Run run = runJar("validate", "--config", broken.toString());
        assertThat(run.exit()).as(run.stdout() + run.stderr()).isEqualTo(1);
        List<String> lines = run.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(run.stdout()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("NoSuchRecallType"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("missing_recall"));
        assertThat(run.stdout() + run.stderr()).doesNotContain("\tat ");
    }

    @Test
    void validateAcceptsTheSample() throws Exception {
        Run run = runJar("validate", "--config", CONFIG.toString());
        assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("config OK: ");
    }

    @Test
    void startWithABrokenConfigPrintsTheProblemsWithoutAStackTrace() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, BROKEN_CONFIG, StandardCharsets.UTF_8);
        Run run = runJar("--config", broken.toString(), "--port", Integer.toString(freePort()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("NoSuchRecallType").doesNotContain("\tat ");
    }

    @Test
    void missingConfigIsAUsageError() throws Exception {
        Run run = runJar("--config", tmp.resolve("absent.json").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("config file not found");
    }
}
