package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 end to end through the packaged server: one scene ({@code src/test/resources/stages/recconf.json})
 * with a coarse rank (model, then the actions sort + keep 3), the fine rank, a {@code PipelineConfs}
 * mini-pipeline merged before the sort, an exposure filter that logs after the response, and a
 * {@code FallbackConfig} whose list is a row of the embedded match engine's detail table. The test plugin
 * ({@link SleepingRecallTestPlugin}) is loaded from its own plugin folder, built here from the test classes.
 * No timing is asserted; the late pipeline's exposure log is awaited by polling the diagnostic API (which
 * logs no exposure itself) under a guard.
 */
class SceneStagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final Path CONFIG_DIR = Path.of("src", "test", "resources", "stages");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(ServerProcess.JAR).as("run 'mvn verify' (package builds the shaded jar)").isRegularFile();
    }

    /** {@code plugins/stages-test/stages-test.jar}: the plugin's classes and its services file, nothing else. */
    static Path pluginFolder(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("plugins").resolve("stages-test"));
        Path classes = Path.of("target", "test-classes");
        String pkg = SleepingRecallTestPlugin.class.getPackageName().replace('.', '/');
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("stages-test.jar")));
             Stream<Path> files = Files.list(classes.resolve(pkg))) {
            jar.putNextEntry(new JarEntry("META-INF/services/io.recengine.spi.Plugin"));
            jar.write((SleepingRecallTestPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(
                    SleepingRecallTestPlugin.class.getSimpleName())).toList()) {
                jar.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return dir.getParent();
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(GUARD)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("items").forEach(i -> out.add(i.path("item_id").asText()));
        return out;
    }

    private static String feed(String uid, int size, boolean slow, String itemList) {
        return "{\"uid\":\"" + uid + "\",\"scene_id\":\"home\",\"size\":" + size + ",\"features\":{\"slow\":" + slow
                + "},\"item_list\":[" + itemList + "]}";
    }

    @Test
    void coarseRankActionsFineRankPipelineAndFallbackInOneScene() throws Exception {
        Path config = tmp.resolve("recconf.json");
        Files.copy(CONFIG_DIR.resolve("recconf.json"), config);
        Files.copy(CONFIG_DIR.resolve("fallback.jsonl"), tmp.resolve("fallback.jsonl"));
        Path plugins = pluginFolder(tmp);
        int port = ServerProcess.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        Path log = tmp.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", ServerProcess.JAR.toString(),
                "--config", config.toString(), "--port", Integer.toString(port), "--plugins-dir", plugins.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            ServerProcess.awaitPing(http, server, base, log, GUARD);
            // the first requests load classes: the fallback's Timeout (2 s) is for the slow recall (3 s), not them
            post(base, "/api/rec/feed", feed("warm-up", 4, false, ""));

            // in time: coarse a(6) c(5) e(4) kept of a..f, fine a=1 c=3 e=2, the pipeline's p1 (9) appended and
            // its a merged into the scene's a
            JsonNode fast = post(base, "/api/rec/feed", feed("u1", 4, false, ""));
            assertThat(fast.path("code").asInt()).as(fast.toString()).isEqualTo(200);
            assertThat(ids(fast)).containsExactly("p1", "c", "e", "a");
            assertThat(fast.path("items").get(0).path("retrieve_id").asText()).isEqualTo("extra");

            // in time but short: completed from the fallback list (row "-1" of the detail table)
            JsonNode completed = post(base, "/api/rec/feed", feed("u2", 6, false, ""));
            assertThat(ids(completed)).hasSize(6).startsWith("p1", "c", "e", "a");
            assertThat(ids(completed).subList(4, 6)).isSubsetOf("f1", "f2", "f3", "f4");

            // the recall sleeps past Timeout: the fallback list is the answer
            JsonNode fellBack = post(base, "/api/rec/feed", feed("u3", 4, true, ""));
            assertThat(fellBack.path("code").asInt()).isEqualTo(200);
            assertThat(ids(fellBack)).containsExactlyInAnyOrder("f1", "f2", "f3", "f4");
            fellBack.path("items").forEach(i -> assertThat(i.path("retrieve_id").asText())
                    .isEqualTo(i.path("item_id").asText().equals("f4") ? "hot" : "Fallback"));

            // ... and the late pipeline still logs its exposures (s1..s3): u3's s items get filtered out
            String sItems = "{\"item_id\":\"s1\"},{\"item_id\":\"s2\"},{\"item_id\":\"s3\"}";
            long deadline = System.nanoTime() + GUARD.toNanos();
            List<String> seen;
            do {
                seen = ids(post(base, "/diagnose/api/trace", feed("u3", 4, false, sItems)));
                if (seen.stream().noneMatch(s -> s.startsWith("s"))) {
                    break;
                }
                Thread.sleep(50);
            } while (System.nanoTime() < deadline);
            assertThat(seen).as("u3 after the late exposure log").containsExactly("p1", "c", "e", "a");
            // another user was never shown the s items
            assertThat(ids(post(base, "/diagnose/api/trace", feed("u4", 4, false, sItems))))
                    .containsExactly("p1", "s3", "s2", "s1");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(GUARD)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            // u2's completion and u3's timeout (the warm-up too, had it been late)
            assertThat(metrics.body()).containsAnyOf("pairec_fallback_total{scene=\"home\"} 2.0",
                    "pairec_fallback_total{scene=\"home\"} 3.0");
            assertThat(metrics.body()).contains("pairec_general_rank_duration_seconds_count{exp_id=\"\",scene=\"home\"}");
        } finally {
            ServerProcess.stop(server);
        }
    }
}
