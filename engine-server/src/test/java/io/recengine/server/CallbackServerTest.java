package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/callback} over HTTP: the seed's curl example lands in the file sink. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackServerTest implements TestPropertyProvider {

    /** The body of the seed's curl example, byte for byte. */
    static final String SEED_CURL_BODY = "{\"uid\":\"84603208\",\"request_id\":\"d9cb1c8d-4d3f-491b-9ea3-380481dabde3\","
            + "\"scene_id\":\"homepage\",\"features\":{\"age\":25, \"city\":\"beijing\"}, \"item_list\":[{\"item_id\":"
            + "\"113939841\"},{\"item_id\":\"113764910\"}],\"request_info\":{\"recom_id\":\"1111111\"}}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("callback-server-test");
            Path config = dir.resolve("callback-file.json");
            Files.writeString(config, "{\"SceneConfs\":{\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}},"
                    + "\"CallBackConfs\":{\"homepage\":{\"DataSource\":{\"Name\":\"callback\",\"Type\":\"file\","
                    + "\"Path\":\"log\"}}}}");
            return Map.of(EngineFactory.CONFIG_PROPERTY, config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<byte[]> post(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(URI.create("/api/callback")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void seedCurlExampleIsAcceptedAndLogged() throws Exception {
        HttpResponse<byte[]> r = post(SEED_CURL_BODY.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");  // what curl -d sends
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"code\":200,\"msg\":\"success\",\"request_id\":\"d9cb1c8d-4d3f-491b-9ea3-380481dabde3\"}");

        // gzip bodies are undone as for the feed
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(SEED_CURL_BODY.replace("d9cb1c8d", "gzipped0").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> g = post(gz.toByteArray(), "Content-Encoding", "gzip");
        assertThat(JSON.readTree(g.body()).get("request_id").textValue()).startsWith("gzipped0");

        HttpResponse<byte[]> bad = post("{\"uid\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(bad.body()).get("msg").textValue()).isEqualTo("request_id not empty");

        List<JsonNode> rows = rows(6);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        List<JsonNode> seed = rows.stream().filter(n -> n.get("request_id").textValue().startsWith("d9cb1c8d")).toList();
        assertThat(seed).extracting(n -> n.get("module").textValue()).containsExactly("user", "item", "item");
        assertThat(seed.get(0).get("user_id").textValue()).isEqualTo("84603208");
        assertThat(seed.get(0).get("request_info").textValue()).isEqualTo("{\"recom_id\":\"1111111\"}");
        assertThat(seed.subList(1, 3)).extracting(n -> n.get("item_id").textValue())
                .containsExactly("113939841", "113764910");
    }

    private List<JsonNode> rows(int n) throws Exception {
        Path f = dir.resolve("log").resolve("callback.log");
        long deadline = System.currentTimeMillis() + 10_000;
        List<JsonNode> out = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            out.clear();
            if (Files.exists(f)) {
                for (String l : Files.readAllLines(f)) {
                    out.add(JSON.readTree(l));
                }
            }
            if (out.size() >= n) {
                break;
            }
            Thread.sleep(20);
        }
        return out;
    }
}
