package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * kill -9 of the packaged server in the middle of a callback load: every callback it answered 200 is in
 * the file sink after a restart on the same directories (by {@code request_id}: all 101 rows; a callback
 * written twice is allowed, at-least-once), and the file holds no torn row.
 */
class CallbackKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int ITEMS = 100;
    /** Callbacks acknowledged before the kill. */
    private static final int ACKED_BEFORE_KILL = 300;
    private static final Duration GUARD = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(ServerProcess.JAR).as("run 'mvn verify' (package builds the shaded jar)").isRegularFile();
    }

    private static byte[] callback(String requestId) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("uid", "u-" + requestId);
        body.put("request_id", requestId);
        body.put("scene_id", "homepage");
        body.putObject("features").put("age", 25);
        ArrayNode items = body.putArray("item_list");
        for (int k = 0; k < ITEMS; k++) {
            items.addObject().put("item_id", requestId + "-" + k);
        }
        return JSON.writeValueAsBytes(body);
    }

    @Test
    void everyAcknowledgedCallbackSurvivesAKillAndNoRowIsTorn() throws Exception {
        // one worker against four clients: callbacks queue up, so the kill finds accepted callbacks not written yet
        Path config = tmp.resolve("callback-kill.json");
        Files.writeString(config, """
                {
                  "SceneConfs": {"homepage": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                  "CallBackConfs": {"homepage": {"DataSource": {"Name": "kill", "Type": "file", "Path": "callback"}}},
                  "EngineConf": {"CallbackWorkers": 1}
                }""");
        Path rowsFile = tmp.resolve("callback").resolve("kill.log");
        Path log = tmp.resolve("server.log");
        int port = ServerProcess.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);

        long t0 = System.nanoTime();
        Process first = ServerProcess.start(config, port, log);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        try {
            ServerProcess.awaitPing(http, first, base, log, GUARD);
            phase("first server up", t0);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> send(base, client, acked, refused), "kill-it-client-" + c);
                t.start();
                clients.add(t);
            }
            long deadline = System.nanoTime() + GUARD.toNanos();
            while (acked.size() < ACKED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(acked.size()).as("callbacks acknowledged before the kill").isGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
        } finally {
            // SIGKILL while the clients are still sending
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as(t.getName() + " stopped after the kill").isFalse();
        }
        Set<String> expected = Set.copyOf(acked);
        phase("killed, clients stopped", t0);

        Process second = ServerProcess.start(config, port, log);
        try {
            ServerProcess.awaitPing(http, second, base, log, GUARD);
            phase("second server up", t0);
            // the restarted engine processes the journal; wait until every acknowledged callback is written
            long deadline = System.nanoTime() + GUARD.toNanos();
            while (!missing(rowsFile, expected).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            phase("every acknowledged callback written", t0);
        } finally {
            ServerProcess.stop(second);
        }
        phase("second server stopped", t0);

        // after a graceful stop the file is final: every line one whole JSON row
        String text = Files.readString(rowsFile, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        Map<String, Set<String>> items = new HashMap<>();
        Map<String, Integer> users = new HashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            JsonNode row;
            try {
                row = JSON.readTree(line);
            } catch (IOException e) {
                fail("line " + lineNo + " of the file sink is not one JSON row: " + line, e);
                return;
            }
            assertThat(row.isObject()).as("line %d: %s", lineNo, line).isTrue();
            String rid = row.path("request_id").asText();
            if (row.path("module").asText().equals("user")) {
                users.merge(rid, 1, Integer::sum);
            } else {
                items.computeIfAbsent(rid, k -> new HashSet<>()).add(row.path("item_id").asText());
            }
        }
        assertThat(missing(rowsFile, expected)).as("acknowledged callbacks without all their rows").isEmpty();
        for (String rid : expected) {
            assertThat(users.get(rid)).as("user rows of %s", rid).isPositive();
            assertThat(items.get(rid)).as("items of %s", rid).hasSize(ITEMS);
        }
        String restartLog = Files.readString(log).lines().filter(l -> l.contains("not written before the last stop"))
                .findFirst().orElse("(no callback left in the journal)");
        System.out.printf("CallbackKillIT: %d callbacks acknowledged before the kill, %d refused (503), "
                        + "%d request ids in the file, %d written more than once; restart: %s%n", expected.size(),
                refused.get(), users.size(), users.values().stream().filter(n -> n > 1).count(), restartLog);
    }

    private static void phase(String what, long t0) {
        System.out.printf("CallbackKillIT: %s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** One client: callbacks one after another until the server is gone. */
    private void send(URI base, int client, Set<String> acked, AtomicInteger refused) {
        for (int n = 0; ; n++) {
            String rid = "k" + client + "-" + n;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/callback"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(callback(rid))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("code").asInt() == 200) {
                    acked.add(rid);
                } else {
                    refused.incrementAndGet();
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Acknowledged request ids whose user row or any item row is not (yet) in the file. */
    private static Set<String> missing(Path rowsFile, Set<String> expected) throws IOException {
        if (!Files.exists(rowsFile)) {
            return expected;
        }
        Map<String, Integer> rows = new HashMap<>();
        Set<String> seen = new HashSet<>();
        String text = Files.readString(rowsFile, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode row;
            try {
                row = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            String key = row.path("request_id").asText() + "/" + row.path("module").asText() + "/"
                    + row.path("item_id").asText();
            if (seen.add(key)) {
                rows.merge(row.path("request_id").asText(), 1, Integer::sum);
            }
        }
        Set<String> out = new HashSet<>();
        for (String rid : expected) {
            if (rows.getOrDefault(rid, 0) < ITEMS + 1) {
                out.add(rid);
            }
        }
        return out;
    }
}
