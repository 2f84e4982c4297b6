package io.recengine.plugin.pmml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static io.recengine.plugin.pmml.PmmlRankerTest.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The engine (RecEngine.start on a temp config) ranking 1,000 candidates with the embedded PMML models,
 * and with PMML on EAS against a fake service that reads the real gzip JSON body: batches in parallel,
 * a timeout and a garbage answer degrading the rank stage only, a model that does not parse refused at start.
 */
class PmmlEngineIT {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int delayMs;
    private volatile CountDownLatch hold;
    private volatile boolean garbage;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
    }

    /** PMML on EAS: gunzips the JSON rows, answers {"score": ctr(n), "label": "1"} per row. */
    private String startService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            calls.incrementAndGet();
            try {
                assertThat(ex.getRequestHeaders().getFirst("Content-Encoding")).isEqualTo("gzip");
                JsonNode rows = JSON.readTree(new GZIPInputStream(ex.getRequestBody()));
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                if (hold != null) {
                    hold.await();
                }
                byte[] body;
                if (garbage) {
                    body = "<html>502</html>".getBytes(StandardCharsets.UTF_8);
                } else {
                    ArrayNode out = JSON.createArrayNode();
                    for (JsonNode row : rows) {
                        out.addObject().put("score", 0.001 * (row.get("n").asInt() + 1)).put("label", "1");
                    }
                    body = JSON.writeValueAsBytes(out);
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client gone
            } finally {
                inFlight.decrementAndGet();
                ex.close();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/predict/pmml";
    }

    private RecEngine start(String algos, String rankAlgos, String rankScore) throws Exception {
        for (String m : List.of("ctr_lr.pmml", "ctr_gbdt.pmml", "broken.pmml")) {
            Files.copy(PmmlRankerTest.MODELS.resolve(m), tmp.resolve(m));
        }
        Path p = tmp.resolve("config.json");
        // generous recall deadline too: a cold JVM's first feed on a loaded machine can outrun the default 300 ms
        Files.writeString(p, """
                {"EngineConf":{"RequestTimeout":60000,"RecallTimeout":60000},
                 "SceneConfs":{"feed":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "AlgoConfs":[%s],
                 "RankConf":{"feed":{"RankAlgoList":[%s],"BatchCount":100,"RankScore":"%s"}}}
                """.formatted(algos, rankAlgos, rankScore));
        return RecEngine.start(EngineOptions.of(p).withMeterRegistry(meters));
    }

    private static FeedRequest feed(int n, int size) {
        List<Map<String, Object>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", "i" + i);
            item.put("n", i);
            item.put("price", (double) (i % 50));
            item.put("cate", "c" + (i % 4));
            items.add(item);
        }
        return FeedRequest.builder("u1").size(size).sceneId("feed").features(Map.of("age", 30)).itemList(items).build();
    }

    private double failures(String outcome) {
        return meters.find("recengine.component.failures").tags("kind", "rank", "component", "eas_pmml",
                "outcome", outcome).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void embeddedModelsScoreAThousandCandidates() throws Exception {
        try (RecEngine engine = start("""
                {"Name":"lr","Type":"PMML","PMMLConf":{"ModelPath":"ctr_lr.pmml"}},
                {"Name":"gbdt","Type":"PMML","PMMLConf":{"ModelPath":"ctr_gbdt.pmml","Outputs":{"p":"prob_1"}}}""",
                "\"lr\",\"gbdt\"", "${lr} * ${gbdt_p}")) {
            FeedResult r = engine.feed(feed(1000, 1000));
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items()).hasSize(1000);
            // i1: price 1, cate c1; LR -1 + 0.02 * 30 - 0.1 + 0.5; trees: age 30 -0.2, c1 0.4, price 1 0.2, base 0.1
            double i1 = sigmoid(-1 + 0.6 - 0.1 + 0.5) * sigmoid(-0.2 + 0.4 + 0.2 + 0.1);
            assertThat(r.items()).filteredOn(i -> i.id().equals("i1")).singleElement()
                    .satisfies(i -> assertThat(i.score()).isCloseTo(i1, within(1e-9)));
            // i21: price 21 (> 20: -0.5), cate c1
            double i21 = sigmoid(-1 + 0.6 - 2.1 + 0.5) * sigmoid(-0.2 + 0.4 - 0.5 + 0.1);
            assertThat(r.items()).filteredOn(i -> i.id().equals("i21")).singleElement()
                    .satisfies(i -> assertThat(i.score()).isCloseTo(i21, within(1e-9)));
            // i1 is among the best: price 1 is the cheapest with cate c1
            assertThat(r.items().get(0).score()).isCloseTo(i1, within(1e-9));
        }
    }

    private static final String EAS = """
            {"Name":"eas_pmml","Type":"EAS","EasConf":{"Processor":"PMML","Url":"%s","Timeout":%d,"RetryTimes":1,
             "ResponseFuncName":"pssmartResponseFunc"}}""";

    @Test
    void pmmlOnEasInConcurrentBatches() throws Exception {
        String url = startService();
        try (RecEngine engine = start(EAS.formatted(url, 30_000), "\"eas_pmml\"", "${eas_pmml}")) {
            engine.feed(feed(1000, 10));
            delayMs = 50;
            peak.set(0);
            int before = calls.get();
            FeedResult r = engine.feed(feed(1000, 10));
            assertThat(calls.get() - before).isEqualTo(10);
            assertThat(peak.get()).as("concurrent requests at the service").isGreaterThanOrEqualTo(5);
            assertThat(r.items().get(0).id()).isEqualTo("i999");
            assertThat(r.items().get(0).score()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void pmmlOnEasTimeoutDegradesTheRankStageOnly() throws Exception {
        String url = startService();
        CountDownLatch reply = new CountDownLatch(1);
        try (RecEngine engine = start(EAS.formatted(url, 100), "\"eas_pmml\"", "${eas_pmml}")) {
            hold = reply;
            FeedResult r = engine.feed(feed(150, 150));
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items()).hasSize(150).allSatisfy(i -> assertThat(i.score()).isZero());
            assertThat(failures("timeout")).isEqualTo(2);
        } finally {
            reply.countDown();
        }
    }

    /** A generous timeout: this test is about the answer, not about how loaded the machine is. */
    @Test
    void pmmlOnEasGarbageDegradesTheRankStageOnly() throws Exception {
        String url = startService();
        garbage = true;
        try (RecEngine engine = start(EAS.formatted(url, 30_000), "\"eas_pmml\"", "${eas_pmml}")) {
            FeedResult r = engine.feed(feed(150, 150));
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items()).hasSize(150).allSatisfy(i -> assertThat(i.score()).isZero());
            assertThat(failures("error")).isEqualTo(2);
        }
    }

    @Test
    void aModelThatDoesNotParseIsRefusedAtStart() {
        assertThatThrownBy(() -> start("""
                {"Name":"lr","Type":"PMML","PMMLConf":{"ModelPath":"broken.pmml"}}""", "\"lr\"", "${lr}").close())
                .hasMessageContaining("PMMLConf.ModelPath").hasMessageContaining("broken.pmml")
                .hasMessageContaining("not well-formed XML");
    }
}
