package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three packaged servers as one fleet over a real KRaft broker ({@code MatchEngineConf.Replication}): a
 * {@code /sendmsg} add or delete sent to one replica is read back by {@code /be} on all three; a replica
 * killed with SIGKILL during a stream of 10,000 writes and started again (snapshot, then the log from its
 * offsets) ends with exactly the tables of the others, table by table, and no acknowledged write is lost;
 * with Kafka stopped a write answers {@code errno} 1 with the reason and changes nothing, reads keep
 * serving, and writes resume once Kafka is back.
 */
class FleetJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final int WRITES = 10_000;
    private static final int WRITERS = 16;

    @TempDir
    static Path tmp;
    private static KafkaBrokerProcess kafka;
    private static final Replica[] REPLICAS = new Replica[3];
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One engine process: its config (own snapshot directory), port and log. */
    private static final class Replica {
        final Path config;
        final int port;
        final Path log;
        Process process;

        Replica(Path config, int port, Path log) {
            this.config = config;
            this.port = port;
            this.log = log;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        void start() throws IOException {
            process = ServerProcess.start(config, port, log);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaBrokerProcess(tmp.resolve("kafka"), 3);
        for (int i = 0; i < REPLICAS.length; i++) {
            Path dir = Files.createDirectories(tmp.resolve("replica" + i));
            Path config = dir.resolve("engine.json");
            Files.writeString(config, """
                    {
                      "KafkaConfs": {"fleet": {"BootstrapServers": "%s", "Topic": "match_updates"}},
                      "MatchEngineConf": {
                        "Tables": [
                          {"Name": "items", "Kind": "detail", "PrimaryKey": "id", "Fields": ["id", "title", "n"]},
                          {"Name": "i2i", "Kind": "x2i", "DetailTable": "items"}
                        ],
                        "Replication": {"KafkaName": "fleet", "SnapshotDir": "snapshots", "SnapshotIntervalSeconds": 1}
                      },
                      "SceneConfs": {"home": {"default": {"RecallNames": ["ContextItemRecall"]}}}
                    }
                    """.formatted(kafka.bootstrap()));
            REPLICAS[i] = new Replica(config, ServerProcess.freePort(), dir.resolve("server.log"));
            REPLICAS[i].start();
        }
        for (Replica r : REPLICAS) {
            ServerProcess.awaitPing(HTTP, r.process, r.base(), r.log, Duration.ofSeconds(120));
            awaitHealth(r, h -> "UP".equals(h.path("status").asText()), "ready after the start");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Replica r : REPLICAS) {
            if (r != null && r.process != null) {
                ServerProcess.stop(r.process);
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String msg(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append("\u001F\n");
        }
        return sb.toString();
    }

    private static HttpResponse<String> sendmsg(Replica r, String table, String msg) throws Exception {
        String form = "table=" + table + "&msg=" + URLEncoder.encode(msg, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(r.base().resolve("/sendmsg")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void write(Replica r, String table, String msg) throws Exception {
        HttpResponse<String> resp = sendmsg(r, table, msg);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body()).path("errno").asInt()).as(resp.body()).isZero();
    }

    /** The ids {@code /be} returns for one trigger of {@code i2i}. */
    private static List<String> be(Replica r, String trigger) throws Exception {
        HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(r.base().resolve(
                "/be?p=i2i&s=i2i&return_count=100&outfmt=json2&trigger_list=" + trigger + ":1"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(resp.body());
        assertThat(body.path("errorCode").asInt()).as(resp.body()).isZero();
        List<String> names = new ArrayList<>();
        body.path("matchItems").path("fieldNames").forEach(n -> names.add(n.asText()));
        int id = names.indexOf("id");
        List<String> ids = new ArrayList<>();
        body.path("matchItems").path("fieldValues").forEach(row -> ids.add(row.get(id).asText()));
        return ids;
    }

    private static void awaitBe(String trigger, Predicate<List<String>> ok, String what) throws Exception {
        for (Replica r : REPLICAS) {
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            List<String> ids = be(r, trigger);
            while (!ok.test(ids)) {
                assertThat(System.nanoTime()).as(what + " on replica " + r.port + "; last " + ids).isLessThan(deadline);
                Thread.sleep(50);
                ids = be(r, trigger);
            }
        }
    }

    /** {@code /health}'s {@code replication} details (the body answers 503 too, while replaying). */
    private static JsonNode health(Replica r) throws Exception {
        HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(r.base().resolve("/health"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(resp.body()).path("details").path(ReplicationHealthIndicator.NAME);
    }

    private static JsonNode awaitHealth(Replica r, Predicate<JsonNode> ok, String what) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        JsonNode h = health(r);
        while (!ok.test(h)) {
            assertThat(System.nanoTime()).as(what + " on replica " + r.port + "; last " + h + "\n"
                    + Files.readString(r.log)).isLessThan(deadline);
            Thread.sleep(100);
            h = health(r);
        }
        return h;
    }

    /** Waits until every replica applied the whole log, then returns each one's table digests. */
    private static List<JsonNode> convergedTables() throws Exception {
        List<JsonNode> tables = new ArrayList<>();
        for (Replica r : REPLICAS) {
            JsonNode h = awaitHealth(r, x -> "UP".equals(x.path("status").asText())
                    && x.path("details").path("lagMessages").asLong(-1) == 0, "caught up");
            tables.add(h.path("details").path("tables"));
        }
        return tables;
    }

    @Test
    void replicasConvergeSurviveSigkillAndRefuseWritesWithoutKafka() throws Exception {
        // 1. an add sent to one replica is read back from all three; a delete likewise
        write(REPLICAS[0], "items", msg("CMD=add", "id=a1", "title=first", "n=1"));
        write(REPLICAS[0], "i2i", msg("CMD=add", "trigger_id=t1", "item_id=a1", "score=0.5"));
        assertThat(be(REPLICAS[0], "t1")).as("read-your-writes on the replica written to").containsExactly("a1");
        awaitBe("t1", ids -> ids.equals(List.of("a1")), "the add");
        write(REPLICAS[1], "i2i", msg("CMD=delete", "trigger_id=t1", "item_id=a1"));
        awaitBe("t1", List::isEmpty, "the delete");

        // 2. 10,000 writes from 8 clients to replicas 0 and 1; replica 2 is killed with SIGKILL early in the
        // stream and started again in the middle of it
        Set<String> present = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(clients.submit(() -> {
                List<String> mine = new ArrayList<>();
                int i;
                while ((i = sent.getAndIncrement()) < WRITES) {
                    Replica target = REPLICAS[i % 2];
                    if (i % 5 == 4 && !mine.isEmpty()) {
                        String id = mine.remove(mine.size() - 1);
                        write(target, "items", msg("CMD=delete", "id=" + id));
                        present.remove(id); // acknowledged: gone everywhere
                    } else {
                        String id = "w" + writer + "_" + i;
                        write(target, "items", msg("CMD=add", "id=" + id, "title=t" + i, "n=" + i));
                        present.add(id); // acknowledged: must be everywhere
                        mine.add(id);
                    }
                }
                return null;
            }));
        }
        while (sent.get() < WRITES / 5) {
            Thread.sleep(10);
        }
        REPLICAS[2].process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        while (sent.get() < WRITES / 2) {
            Thread.sleep(10);
        }
        REPLICAS[2].start();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
        ServerProcess.awaitPing(HTTP, REPLICAS[2].process, REPLICAS[2].base(), REPLICAS[2].log, Duration.ofSeconds(120));
        assertThat(Files.readString(REPLICAS[2].log)).as("the restarted replica started from its snapshot")
                .contains("tables from the snapshot");

        List<JsonNode> tables = convergedTables();
        assertThat(tables.get(0).path("items").path("size").asLong()).as("no acknowledged write lost")
                .isEqualTo(present.size() + 1L); // + a1
        for (String table : List.of("items", "i2i")) {
            assertThat(tables.get(1).path(table)).as(table + " on replica 1").isEqualTo(tables.get(0).path(table));
            assertThat(tables.get(2).path(table)).as(table + " on the restarted replica").isEqualTo(tables.get(0).path(table));
        }
        String sample = present.iterator().next();
        write(REPLICAS[0], "i2i", msg("CMD=add", "trigger_id=t2", "item_id=" + sample, "score=1"));
        awaitBe("t2", ids -> ids.equals(List.of(sample)), "a row written in the stream, joined with its detail row");

        // 3. Kafka stopped: a write is refused with the reason and changes nothing; reads keep serving
        kafka.stop();
        HttpResponse<String> refused = sendmsg(REPLICAS[0], "i2i", msg("CMD=add", "trigger_id=t3", "item_id=a1"));
        JsonNode body = JSON.readTree(refused.body());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(body.path("errno").asInt()).isEqualTo(1);
        assertThat(body.path("errmsg").asText()).contains("replication log").contains("match_updates");
        for (Replica r : REPLICAS) {
            assertThat(be(r, "t2")).containsExactly(sample);
            assertThat(be(r, "t3")).isEmpty();
            assertThat(health(r).path("status").asText()).isIn("UP", "DEGRADED");
        }
        awaitHealth(REPLICAS[1], h -> "DEGRADED".equals(h.path("status").asText()), "Kafka reported unreachable");

        // 4. Kafka back: writes resume (the first may still meet a reconnecting client)
        kafka.start();
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        HttpResponse<String> again = sendmsg(REPLICAS[0], "i2i", msg("CMD=add", "trigger_id=t4", "item_id=a1"));
        while (again.statusCode() != 200) {
            assertThat(System.nanoTime()).as("writes resume; last " + again.body()).isLessThan(deadline);
            Thread.sleep(200);
            again = sendmsg(REPLICAS[0], "i2i", msg("CMD=add", "trigger_id=t4", "item_id=a1"));
        }
        awaitBe("t4", ids -> ids.equals(List.of("a1")), "a write after Kafka's restart");
        awaitBe("t3", List::isEmpty, "the refused write stays unwritten");
        List<JsonNode> end = convergedTables();
        assertThat(end.get(1)).isEqualTo(end.get(0));
        assertThat(end.get(2)).isEqualTo(end.get(0));
    }
}
