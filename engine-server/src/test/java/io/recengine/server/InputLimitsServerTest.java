package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 point 5 over HTTP: bad bodies answer PAI-Rec's 400 envelope (HTTP 200), a long URL 414 and long
 * headers 431 (not 413), a truncated body an answer or a clean close (never a hang), the URL limit takes
 * the documented {@code /be} reads, and a corpus of mutated bodies through the real server gets no 5xx.
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "../config-samples/contextitem.json")
class InputLimitsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static JsonNode envelope(HttpResponse<byte[]> r) throws IOException {
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.isObject()).as(new String(r.body(), StandardCharsets.UTF_8)).isTrue();
        assertThat(n.path("code").isInt()).isTrue();
        assertThat(n.path("msg").isTextual()).isTrue();
        assertThat(n.path("request_id").isTextual()).isTrue();
        return n;
    }

    private void assertParameterError(String path, String body, String msg) throws Exception {
        HttpResponse<byte[]> r = post(path, body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(body).isEqualTo(200);
        JsonNode n = envelope(r);
        assertThat(n.path("code").intValue()).isEqualTo(400);
        assertThat(n.path("msg").textValue()).isEqualTo(msg);
    }

    @Test
    void badBodiesOfPoint5AnswerTheParameterEnvelope() throws Exception {
        for (String path : List.of("/api/rec/feed", "/api/recall", "/api/callback")) {
            assertParameterError(path, "{\"uid\":\"u\",\"request_id\":\"r\",\"features\":{\"a\":"
                            + "[".repeat(1500) + "]".repeat(1500) + "}}",
                    "request body nested deeper than 64 levels (EngineConf.MaxJsonDepth)");
            assertParameterError(path, "{\"uid\":\"u\",\"item_list\":[{\"item_id\":1e400}]}",
                    "json: cannot unmarshal number 1e400 into Go value of type float64");
            assertParameterError(path, "{\"uid\":\"u\"} {\"uid\":\"v\"}", "invalid character '{' after top-level value");
            assertParameterError(path, "{\"uid\":\"u\",\"complex_type_features\":[{\"name\":\"n\",\"type\":\"int\","
                    + "\"values\":1e10}]}", "complex_type_features[0] 'n': value 10000000000 out of range for int");
            assertParameterError(path, "{\"uid\":\"u\",\"complex_type_features\":[{\"name\":\"n\",\"type\":\"int64\","
                    + "\"values\":1e30}]}", "complex_type_features[0] 'n': value 1000000000000000000000000000000 out of range for int64");
        }
    }

    @Test
    void aRequestLineOverTheLimitIsUriTooLong() throws Exception {
        String query = "a=" + "x".repeat(70_000);
        for (String path : List.of("/api/rec/feed?", "/be?")) {
            HttpResponse<byte[]> r = path.startsWith("/be")
                    ? send(HttpRequest.newBuilder(server.getURI().resolve(path + query)).GET())
                    : post(path + query, "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(414);
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"code\":414,\"msg\":\"request URI too long\",\"request_id\":\"\"}");
        }
    }

    @Test
    void headersOverTheLimitAreHeaderFieldsTooLarge() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .header("X-Padding", "p".repeat(9_000))
                .POST(HttpRequest.BodyPublishers.ofString(ServerTest.SEED_REQUEST)));
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":431,\"msg\":\"request header fields too large\",\"request_id\":\"\"}");
    }

    /** The documented /be uses fit the request line: 1,000 x2i triggers, a 1,024-dimension vector, encoded. */
    @Test
    void theUrlLimitTakesTheDocumentedBeReads() throws Exception {
        StringBuilder triggers = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            triggers.append(i == 0 ? "" : "%2C").append("item_").append(1_000_000_000L + i).append("%3A").append("0.987654");
        }
        StringBuilder vector = new StringBuilder();
        for (int i = 0; i < 1_024; i++) {
            vector.append(i == 0 ? "" : "%2C").append(String.format(Locale.ROOT, "%.17f", -0.5 + i / 2048.0));
        }
        for (String list : List.of(triggers.toString(), vector.toString())) {
            String path = "/be?biz_name=searcher&p=t&s=t&return_count=10&outfmt=json2&trigger_list=" + list;
            // far past Netty's default 4,096, within the configured 65,536
            assertThat(path.length()).isBetween(20_000, 40_000);
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).has("errorCode")).isTrue();
        }
    }

    /**
     * Content-Length promises more than arrives, then the client half-closes: the server answers or closes
     * the connection; it never leaves the client waiting (the socket timeout only turns a hang into a
     * failure).
     */
    @Test
    void aTruncatedBodyGetsAnAnswerOrACleanClose() throws Exception {
        URI base = server.getURI();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/rec/feed HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"uid\":\"u\",").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(),
                    a -> assertThat(a).startsWith("HTTP/1.1 400"),
                    a -> assertThat(a).startsWith("HTTP/1.1 408"));
        }
    }

    /** A small HTTP-level corpus of mutated bodies through the real server: zero 5xx, an envelope every time. */
    @Test
    void mutatedBodiesThroughTheServerGetNo5xx() throws Exception {
        Mutations m = new Mutations(21L);
        List<String> seeds = List.of(ServerTest.SEED_REQUEST, Mutations.FEED_SEED);
        List<String> paths = List.of("/api/rec/feed", "/api/recall", "/api/callback");
        for (int i = 0; i < 90; i++) {
            byte[] body = i % 3 == 0 ? m.hostileBody().getBytes(StandardCharsets.UTF_8)
                    : m.mutate(m.pick(seeds).getBytes(StandardCharsets.UTF_8), Mutations.JSON_TOKENS);
            String path = paths.get(i % paths.size());
            HttpResponse<byte[]> r = post(path, body);
            String what = path + " case " + i + ": " + new String(body, StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(what).isLessThan(500);
            JsonNode n = envelope(r);
            assertThat(n.path("code").intValue()).as(what).isIn(200, 299, 400);
        }
    }
}
