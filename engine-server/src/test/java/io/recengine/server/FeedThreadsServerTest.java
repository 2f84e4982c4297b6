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
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread serves a feed: a scene whose components all run in process is served on the Netty event
 * loop that read the request (no hand-off); a scene with a component that may wait (here a recall that
 * is not {@code inProcess()}) and a compressed body are served on the blocking executor, never on the
 * event loop.
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "src/test/resources/threads/recconf.json")
class FeedThreadsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode feed(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve("/api/rec/feed"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static byte[] body(String scene) {
        return ("{\"uid\":\"u1\",\"size\":5,\"scene_id\":\"" + scene + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The thread the in-process recall {@code here} ran on: the request's own thread. */
    private static String requestThread(JsonNode answer) {
        for (JsonNode item : answer.path("items")) {
            if (item.path("retrieve_id").asText().equals("here")) {
                return item.path("extra").path("thread").asText();
            }
        }
        throw new AssertionError("no item of recall 'here' in " + answer);
    }

    @Test
    void anInProcessSceneIsServedOnTheEventLoop() throws Exception {
        JsonNode answer = feed(body("local_feed"));
        assertThat(answer.path("code").asInt()).isEqualTo(299);
        assertThat(requestThread(answer)).contains("eventLoop");
    }

    @Test
    void aSceneWithAComponentThatMayWaitLeavesTheEventLoop() throws Exception {
        JsonNode answer = feed(body("mixed_feed"));
        assertThat(answer.path("items").size()).isEqualTo(2);
        assertThat(requestThread(answer)).isNotEmpty().doesNotContain("eventLoop");
    }

    @Test
    void aCompressedBodyIsDecodedOffTheEventLoop() throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(body("local_feed"));
        }
        JsonNode answer = feed(zipped.toByteArray(), "Content-Encoding", "gzip");
        assertThat(requestThread(answer)).isNotEmpty().doesNotContain("eventLoop");
    }

    @Test
    void aBadBodyStillAnswersTheEnvelope() throws Exception {
        JsonNode answer = feed("{\"uid\":".getBytes(StandardCharsets.UTF_8));
        assertThat(answer.path("code").asInt()).isEqualTo(400);
    }
}
