package io.recengine.core.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedService;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.CallbackRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queue, spill and replay with a sink the test takes down and holds at a gate: nothing accepted is lost, a
 * full queue answers 503, a feed never waits for the sink. Sequenced with latches and counters, no timing.
 */
class CallbackDeliveryTest {

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ExecutorService pool;
    private PluginRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        ControlledSinkPlugin.reset();
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), ControlledSinkPlugin.class.getName() + "\n");
        URLClassLoader loader = new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader());
        registry = PluginRegistry.load(loader, null);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void tearDown() throws Exception {
        ControlledSinkPlugin.release();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        pool.shutdownNow();
        registry.close();
    }

    private record Built(CallbackService service, EngineGeneration generation) {
    }

    private Built build(String engineConf, String sceneDefault) throws IOException {
        return build(engineConf, sceneDefault, LogFiles.DEFAULT);
    }

    private Built build(String engineConf, String sceneDefault, LogFiles journalFiles) throws IOException {
        String json = "{\"SceneConfs\":{\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]" + sceneDefault
                + "}}},\"CallBackConfs\":{\"home_feed\":{\"DataSource\":{\"Name\":\"t\",\"Type\":\"controlled\"}}},"
                + "\"EngineConf\":{" + engineConf + "}}";
        EngineConfig config = ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test", tmp);
        EngineMetrics metrics = new EngineMetrics(meters);
        EngineGeneration g = EngineGeneration.build(config, registry, metrics, pool, pool, Clock.systemUTC(), Map.of());
        closeables.add(g);
        CallbackService s = CallbackService.start(config, g::callbackStages, metrics, Clock.systemUTC(), journalFiles);
        closeables.add(s);
        return new Built(s, g);
    }

    private static CallbackRequest body(int i, int items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int k = 0; k < items; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", i + "-" + k);
            list.add(item);
        }
        return new CallbackRequest("home_feed", "r" + i, "u" + i, new LinkedHashMap<>(), List.of(), list, Map.of(),
                false, false);
    }

    @Test
    void sinkOutageMidStreamLosesNoAcceptedRowAndReplaysInOrder() throws Exception {
        CallbackService s = build("\"CallbackWorkers\":3,\"CallbackRetryIntervalMs\":50", "").service();
        int n = 600;
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == 150) {
                // the first 150 callbacks are written while the sink is up
                assertThat(ControlledSinkPlugin.awaitRows(3 * 150)).isTrue();
                ControlledSinkPlugin.down = true;
            }
            if (i == 450) {
                // the 300 callbacks of the outage all went to the spill before the sink comes back
                waitFor(() -> rows("spilled") >= 3 * 300);
                ControlledSinkPlugin.down = false;
            }
            CallbackResult r = s.submit(body(i, 2));
            if (r.status() == CallbackResult.Status.ACCEPTED) {
                accepted.add(i);
            }
        }
        assertThat(accepted).hasSize(n);
        assertThat(ControlledSinkPlugin.awaitRows(3 * n)).isTrue();
        // shutdown drains the queue and the spill: nothing is written after this, the counts are final
        s.close();

        // every accepted callback arrived, user row first, each exactly once here (at-least-once in general)
        Map<String, List<CallbackRow>> byRequest = new LinkedHashMap<>();
        synchronized (ControlledSinkPlugin.ROWS) {
            for (CallbackRow r : ControlledSinkPlugin.ROWS) {
                byRequest.computeIfAbsent(r.text("request_id"), k -> new ArrayList<>()).add(r);
            }
        }
        for (int i : accepted) {
            List<CallbackRow> rows = byRequest.get("r" + i);
            assertThat(rows).as("rows of r" + i).isNotNull();
            assertThat(rows.get(0).text("module")).isEqualTo("user");
            assertThat(rows.subList(1, 3)).extracting(r -> r.text("item_id")).containsExactly(i + "-0", i + "-1");
        }
        assertThat(ControlledSinkPlugin.ROWS).hasSize(3 * n);
        assertThat(ControlledSinkPlugin.FAILED_CALLS.get()).isPositive();
        assertThat(rows("spilled")).isGreaterThanOrEqualTo(3 * 300);
        assertThat(rows("replayed")).isEqualTo(rows("spilled"));
        assertThat(rows("written") + rows("replayed")).isEqualTo(3.0 * n);
        assertThat(rows("failed")).isZero();
    }

    @Test
    void spillLeftAtShutdownIsReplayedByTheNextStart() throws Exception {
        Built b = build("\"CallbackWorkers\":1,\"CallbackRetryIntervalMs\":50,\"CallbackDrainTimeoutMs\":300", "");
        ControlledSinkPlugin.down = true;
        for (int i = 0; i < 20; i++) {
            assertThat(b.service().submit(body(i, 1)).status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        }
        waitFor(() -> rows("spilled") >= 40);
        b.service().close();
        assertThat(ControlledSinkPlugin.ROWS).isEmpty();

        ControlledSinkPlugin.down = false;
        Built next = build("\"CallbackWorkers\":1,\"CallbackRetryIntervalMs\":50", "");
        assertThat(ControlledSinkPlugin.awaitRows(40)).isTrue();
        next.service().close();
        // replayed in spill order: with one worker that is the order the callbacks were accepted
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("r" + i);
        }
        assertThat(ControlledSinkPlugin.ROWS.stream().filter(r -> r.text("module").equals("user"))
                .map(r -> r.text("request_id")).toList()).isEqualTo(expected);
        assertThat(ControlledSinkPlugin.ROWS).hasSize(40);
    }

    @Test
    void fullQueueAnswers503AndCountsTheRejection() throws Exception {
        ControlledSinkPlugin.hold();
        CallbackService s = build("\"CallbackWorkers\":1,\"CallbackQueueSize\":5", "").service();
        assertThat(s.submit(body(0, 1)).status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        // the only worker is now inside the held sink write with callback 0, the queue is empty
        assertThat(ControlledSinkPlugin.awaitWriteEntered()).isTrue();
        int ok = 1;
        int rejected = 0;
        for (int i = 1; i < 20; i++) {
            CallbackResult r = s.submit(body(i, 1));
            if (r.status() == CallbackResult.Status.ACCEPTED) {
                ok++;
            } else {
                assertThat(r).isEqualTo(new CallbackResult(CallbackResult.Status.UNAVAILABLE, "callback queue full",
                        "r" + i));
                rejected++;
            }
        }
        // the callback in the worker's hands + the 5 queue slots; the other 14 are refused
        assertThat(ok).isEqualTo(6);
        assertThat(rejected).isEqualTo(14);
        Counter c = meters.find("recengine.callback.requests").tag("outcome", "rejected").counter();
        assertThat(c.count()).isEqualTo(rejected);
        ControlledSinkPlugin.release();
        assertThat(ControlledSinkPlugin.awaitRows(2 * ok)).isTrue();
        s.close();
        assertThat(ControlledSinkPlugin.ROWS).hasSize(2 * ok);
    }

    @Test
    void feedNeverWaitsForTheSink() throws Exception {
        // the sink holds every write until the end of the test: a feed that waited for it would never answer
        ControlledSinkPlugin.hold();
        Built b = build("\"CallbackWorkers\":2", ",\"AutoInvokeCallBack\":true");
        EngineMetrics metrics = new EngineMetrics(meters);
        ExecutorService after = Executors.newFixedThreadPool(2);
        try {
            FeedService feed = new FeedService(b::generation, metrics, after, List.of(b.service().autoInvoke()), 0);
            FeedRequest req = FeedRequest.builder("u").sceneId("home_feed").size(2)
                    .itemList(List.of(Map.of("item_id", "1", "score", 1L), Map.of("item_id", "2", "score", 0.5))).build();
            assertThat(feed.feed(req).code()).isEqualTo(200);
            assertThat(ControlledSinkPlugin.awaitWriteEntered()).isTrue();
            for (int i = 1; i < 150; i++) {
                assertThat(feed.feed(req).code()).isEqualTo(200);
            }
            // all 150 feeds answered while no sink write has completed
            assertThat(ControlledSinkPlugin.ROWS).isEmpty();
            waitFor(() -> requests("queued") == 150);
            assertThat(requests("rejected")).isZero();

            ControlledSinkPlugin.release();
            assertThat(ControlledSinkPlugin.awaitRows(3 * 150)).isTrue();
            assertThat(ControlledSinkPlugin.ROWS.get(0).text("module")).isEqualTo("user");
        } finally {
            after.shutdownNow();
        }
    }

    /**
     * The disk fills up while accepted callbacks are in the worker's hands and the sink is down: new
     * callbacks are refused with 503 and counted, the accepted ones are neither written nor spilled but stay
     * in the journal and are retried, and every row arrives once space returns. Nothing counts as lost.
     */
    @Test
    void fullDiskRefusesNewCallbacksAndLosesNoAcceptedOne() throws Exception {
        FullDisk disk = new FullDisk();
        ControlledSinkPlugin.hold();
        ControlledSinkPlugin.down = true;
        Built b = build("\"CallbackWorkers\":1,\"CallbackRetryIntervalMs\":20", "", disk);
        b.generation().callbackStages().scene("home_feed").channel().spillFiles(disk);
        CallbackService s = b.service();
        for (int i = 0; i < 5; i++) {
            assertThat(s.submit(body(i, 1)).status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        }
        assertThat(ControlledSinkPlugin.awaitWriteEntered()).isTrue();

        disk.full = true;
        for (int i = 5; i < 10; i++) {
            assertThat(s.submit(body(i, 1))).isEqualTo(new CallbackResult(CallbackResult.Status.UNAVAILABLE,
                    "callback not accepted: journal not writable (disk full?)", "r" + i));
        }
        assertThat(requests("journal_failed")).isEqualTo(5);
        // the held write fails (sink down), the spill cannot be written: the worker tries again and again
        ControlledSinkPlugin.release();
        waitFor(() -> ControlledSinkPlugin.FAILED_CALLS.get() >= 3);
        assertThat(rows("spilled")).isZero();

        disk.full = false;
        waitFor(() -> rows("spilled") == 10);
        ControlledSinkPlugin.down = false;
        assertThat(ControlledSinkPlugin.awaitRows(10)).isTrue();
        s.close();
        assertThat(ControlledSinkPlugin.ROWS.stream().filter(r -> r.text("module").equals("user"))
                .map(r -> r.text("request_id")).toList()).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(rows("failed")).isZero();
        assertThat(rows("replayed")).isEqualTo(10);

        // everything was marked done: a restart processes nothing again
        Built next = build("\"CallbackWorkers\":1", "");
        next.service().close();
        assertThat(ControlledSinkPlugin.ROWS).hasSize(10);
    }

    /**
     * Rows that could be neither written nor spilled when the engine stops stay in the journal; the next
     * start processes those callbacks again, exactly those, and counts their rows as replayed.
     */
    @Test
    void callbacksLeftInTheJournalAtShutdownAreProcessedByTheNextStart() throws Exception {
        FullDisk disk = new FullDisk();
        ControlledSinkPlugin.hold();
        ControlledSinkPlugin.down = true;
        Built b = build("\"CallbackWorkers\":1,\"CallbackRetryIntervalMs\":20,\"CallbackDrainTimeoutMs\":100", "",
                disk);
        b.generation().callbackStages().scene("home_feed").channel().spillFiles(disk);
        for (int i = 0; i < 4; i++) {
            assertThat(b.service().submit(body(i, 2)).status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        }
        assertThat(ControlledSinkPlugin.awaitWriteEntered()).isTrue();
        disk.full = true;
        ControlledSinkPlugin.release();
        waitFor(() -> ControlledSinkPlugin.FAILED_CALLS.get() >= 2);
        b.service().close();
        assertThat(ControlledSinkPlugin.ROWS).isEmpty();
        assertThat(rows("failed")).isZero();

        ControlledSinkPlugin.down = false;
        Built next = build("\"CallbackWorkers\":1", "");
        assertThat(ControlledSinkPlugin.awaitRows(12)).isTrue();
        next.service().close();
        assertThat(ControlledSinkPlugin.ROWS.stream().filter(r -> r.text("module").equals("user"))
                .map(r -> r.text("request_id")).toList()).containsExactly("r0", "r1", "r2", "r3");
        assertThat(ControlledSinkPlugin.ROWS).hasSize(12);
        assertThat(rows("replayed")).isEqualTo(12);
    }

    private double requests(String outcome) {
        Counter c = meters.find("recengine.callback.requests").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private double rows(String outcome) {
        return meters.find("recengine.callback.rows").tag("outcome", outcome).functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    /** Waits for a counter to reach a value; the guard only turns a hang into a failure. */
    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ControlledSinkPlugin.GUARD_MS);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(cond.getAsBoolean()).as("condition reached").isTrue();
    }
}
