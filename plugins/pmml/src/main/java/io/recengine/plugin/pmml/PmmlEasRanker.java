package io.recengine.plugin.pmml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.concurrent.Retry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "PMML"}: a PMML model on EAS as
 * PAI-Rec calls it. The body is the JSON array of one object per item (the user's features overlaid by
 * the item's), gzip-compressed ({@code Content-Encoding: gzip}); the answer is a JSON array in item order
 * of {@code {"score": s, "label": l}} ({@code "lable"} too, PAI-Rec reads both), scored {@code s}, or
 * {@code 1 - s} when the label is "0" ({@code pssmartResponseFunc}). {@code Authorization: <Auth>},
 * {@code Timeout} ms per attempt (default 100), {@code RetryTimes} attempts (default 2, {@link Retry}).
 */
final class PmmlEasRanker implements Ranker {

    static final String FUNCTION = "pssmartResponseFunc";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI uri;
    private final String auth;
    private final Duration timeout;
    private final int attempts;
    private final HttpClient client;

    PmmlEasRanker(String name, URI uri, String auth, int timeoutMs, int attempts) {
        this.name = name;
        this.uri = uri;
        this.auth = auth;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.attempts = attempts;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.max(timeoutMs, 100))).build();
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        Map<String, Object> user = request.user().properties();
        List<Map<String, Object>> rows = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            Map<String, Object> row = new LinkedHashMap<>(user);
            row.putAll(item.properties());
            rows.add(row);
        }
        return parse(name, post(gzip(rows)), rows.size());
    }

    private static byte[] gzip(List<Map<String, Object>> rows) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            JSON.writeValue(gz, rows);
        } catch (IOException e) {
            // an in-memory target does not fail
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private byte[] post(byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!auth.isEmpty()) {
            rb.header("Authorization", auth);
        }
        HttpRequest req = rb.build();
        return Retry.upTo(name, attempts, () -> attempt(req));
    }

    private byte[] attempt(HttpRequest req) throws InterruptedException {
        try {
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                return r.body();
            }
            throw new ComponentException(name, ComponentException.Kind.DEPENDENCY,
                    "EAS answered HTTP " + r.statusCode() + ": " + excerpt(r.body()));
        } catch (HttpTimeoutException e) {
            throw new ComponentException(name, ComponentException.Kind.TIMEOUT,
                    "no EAS answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ComponentException(name, ComponentException.Kind.DEPENDENCY, "EAS request failed: " + e, e);
        }
    }

    static List<ItemScores> parse(String algo, byte[] answer, int n) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                    "answer is not JSON: " + excerpt(answer), e);
        }
        if (root == null || !root.isArray() || root.size() != n) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "answer is not a JSON array of "
                    + n + " predictions: " + excerpt(answer));
        }
        List<ItemScores> out = new ArrayList<>(n);
        for (JsonNode p : root) {
            double score = p.path("score").asDouble(0);
            boolean zero = "0".equals(p.path("lable").asText()) || "0".equals(p.path("label").asText());
            out.add(ItemScores.of(zero ? 1 - score : score));
        }
        return out;
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length > 200 ? text + "..." : text;
    }
}
