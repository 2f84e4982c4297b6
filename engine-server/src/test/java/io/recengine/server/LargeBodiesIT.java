package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 12 point 3, black-box: the packaged jar with {@code -Xmx512m} takes rounds of four concurrent
 * maximum-size bodies (just under the 16 MB body limit) of the two worst shapes: an item list of ~480,000
 * entries (refused while decoding, past {@code MaxItemListLength}) and a {@code features} list of
 * ~235,000 small objects (within every limit: one of the largest trees a body can become). No
 * {@code OutOfMemoryError}, no 5xx: each body is served or refused fast (429, body bytes in flight), and
 * the server still answers afterwards.
 */
class LargeBodiesIT {

    private static final Path JAR = Path.of("target", "engine-server.jar");
    private static final Path CONFIG = Path.of("..", "config-samples", "contextitem.json");
    /** Just under micronaut.server.max-request-size (16 MB = 16,777,216 bytes). */
    private static final int BODY_BYTES = 16_000_000;
    private static final int CONCURRENT = 4;
    private static final int ROUNDS = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    static String itemListBody() {
        StringBuilder s = new StringBuilder(BODY_BYTES + 64).append("{\"uid\":\"u1\",\"scene_id\":\"home_feed\",\"item_list\":[");
        for (int i = 0; s.length() < BODY_BYTES - 40; i++) {
            s.append(i == 0 ? "" : ",").append("{\"item_id\":\"").append(1_000_000 + i).append("\",\"score\":0.5}");
        }
        return s.append("]}").toString();
    }

    /**
     * One of the largest trees a body within every limit becomes: a {@code features} list of ~235,000
     * small objects (just under {@code MaxJsonTokens}), values long enough to fill the body.
     */
    static String featuresBody() {
        StringBuilder s = new StringBuilder(BODY_BYTES + 64).append("{\"uid\":\"u1\",\"scene_id\":\"home_feed\",\"features\":{\"history\":[");
        String value = "v".repeat(48);
        for (int i = 0; s.length() < BODY_BYTES - 80; i++) {
            s.append(i == 0 ? "" : ",").append("{\"item\":\"").append(value).append(1_000_000 + i).append("\"}");
        }
        return s.append("]},\"item_list\":[{\"item_id\":\"1\"},{\"item_id\":\"2\"}]}").toString();
    }

    @Test
    void fourConcurrentMaximumSizeBodiesFitHalfAGigabyte() throws Exception {
        assertThat(JAR).as("run 'mvn verify' (package builds the shaded jar)").isRegularFile();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = tmp.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString(), "--config", CONFIG.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);
            List<Integer> served = new ArrayList<>();
            for (String shape : List.of("item_list", "features")) {
                byte[] body = ("item_list".equals(shape) ? itemListBody() : featuresBody()).getBytes(StandardCharsets.UTF_8);
                assertThat(body.length).isBetween(BODY_BYTES - 100, BODY_BYTES + 100);
                for (int round = 0; round < ROUNDS; round++) {
                    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
                    for (int c = 0; c < CONCURRENT; c++) {
                        answers.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                                .timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray()));
                    }
                    int admitted = 0;
                    for (CompletableFuture<HttpResponse<byte[]>> f : answers) {
                        HttpResponse<byte[]> r = f.get(180, TimeUnit.SECONDS);
                        String text = new String(r.body(), StandardCharsets.UTF_8);
                        String what = shape + " round " + round + ": HTTP " + r.statusCode() + " "
                                + (text.length() > 300 ? text.substring(0, 300) : text);
                        assertThat(r.statusCode()).as(what).isIn(200, 429);
                        JsonNode n = new ObjectMapper().readTree(r.body());
                        if (r.statusCode() == 429) {
                            assertThat(n.path("code").intValue()).as(what).isEqualTo(429);
                            continue;
                        }
                        admitted++;
                        served.add(n.path("code").intValue());
                        if ("item_list".equals(shape)) {
                            assertThat(n.path("code").intValue()).as(what).isEqualTo(400);
                            assertThat(n.path("msg").textValue()).as(what)
                                    .isEqualTo("item_list has more than 10000 entries (EngineConf.MaxItemListLength)");
                        } else {
                            assertThat(n.path("code").intValue()).as(what).isIn(200, 299);
                        }
                    }
                    assertThat(admitted).as(shape + " round " + round + ": at least one body is served").isPositive();
                }
            }
            // still serving
            HttpResponse<String> seed = http.send(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(ServerTest.SEED_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(seed.statusCode()).isEqualTo(200);
            ServerTest.assertSeedAnswer(new ObjectMapper().readTree(seed.body()));
            System.out.println("LargeBodiesIT: served body codes " + served);
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String serverLog = Files.readString(log);
        assertThat(serverLog).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
    }

    private void awaitPing(Process server, URI base, Path log) throws Exception {
        ServerProcess.awaitPing(http, server, base, log, Duration.ofSeconds(60));
    }
}
