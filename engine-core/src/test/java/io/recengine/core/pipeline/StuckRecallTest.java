package io.recengine.core.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.core.request.FeedService;
import io.recengine.core.request.RecallResult;
import io.recengine.spi.Item;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, point 4: a recall that hangs and ignores interruption must not starve the other recalls of its
 * scene nor other scenes. Scene {@code stuck_scene} has the stuck recall and a healthy one; scene
 * {@code other_scene} an unrelated recall; many more requests than recall threads hit both at once. The
 * stuck recall stays blocked until the test releases it, so nothing here depends on how long anything
 * takes; the guards only turn a hang into a failure.
 */
class StuckRecallTest {

    private static final long GUARD_S = 60;
    private static final int RECALL_THREADS = 4;
    private static final int REQUESTS_PER_SCENE = 40;

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private PluginRegistry registry;
    private ThreadPoolExecutor recallPool;
    private ExecutorService pluginPool;
    private ExecutorService afterPool;
    private ExecutorService clients;
    private EngineGeneration generation;

    @BeforeEach
    void setUp() throws IOException {
        StuckRecallPlugin.reset();
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), StuckRecallPlugin.class.getName() + "\n");
        registry = PluginRegistry.load(new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader()), null);
        // as RecEngine builds its recall pool: fixed size, bounded queue
        recallPool = new ThreadPoolExecutor(RECALL_THREADS, RECALL_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(2048));
        pluginPool = Executors.newFixedThreadPool(2);
        afterPool = Executors.newSingleThreadExecutor();
        clients = Executors.newFixedThreadPool(4 * RECALL_THREADS);
    }

    @AfterEach
    void tearDown() {
        StuckRecallPlugin.release();
        clients.shutdownNow();
        if (generation != null) {
            generation.close();
        }
        recallPool.shutdownNow();
        pluginPool.shutdownNow();
        afterPool.shutdownNow();
        registry.close();
    }

    private FeedService start(String stuckRecallExtra) throws IOException {
        return start(stuckRecallExtra, "");
    }

    private FeedService start(String stuckRecallExtra, String healthyRecallExtra) throws IOException {
        String json = """
                {"EngineConf": {"RequestTimeout": 600000},
                 "RecallConfs": [
                   {"Name": "stuck", "RecallType": "Stuck", "Timeout": 20 %s},
                   {"Name": "healthy", "RecallType": "Fixed", "Items": "h1,h2", "Timeout": 600000 %s},
                   {"Name": "other", "RecallType": "Fixed", "Items": "o1,o2,o3", "Timeout": 600000}],
                 "SceneConfs": {
                   "stuck_scene": {"default": {"RecallNames": ["stuck", "healthy"]}},
                   "other_scene": {"default": {"RecallNames": ["other"]}}}}
                """.formatted(stuckRecallExtra, healthyRecallExtra);
        EngineConfig config = ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test", tmp);
        EngineMetrics metrics = new EngineMetrics(meters);
        generation = EngineGeneration.build(config, registry, metrics, recallPool, pluginPool, Clock.systemUTC(), Map.of());
        return new FeedService(() -> generation, metrics, afterPool, List.of(), 600_000);
    }

    private static FeedRequest request(String scene, int size) {
        return FeedRequest.builder("u1").sceneId(scene).size(size).build();
    }

    private double recallFailures(String outcome) {
        return meters.counter("recengine.component.failures", "kind", "recall", "component", "stuck",
                "scene", "stuck_scene", "outcome", outcome).count();
    }

    private double permitsInUse(String recall) {
        Gauge g = meters.find("recengine.bulkhead.in.use").tags("kind", "recall", "component", recall).gauge();
        assertThat(g).as("bulkhead gauge of " + recall).isNotNull();
        return g.value();
    }

    @Test
    void aStuckRecallHoldsAtMostItsLimitAndStarvesNoOtherRecallOrScene() throws Exception {
        FeedService feed = start("");
        int limit = (RECALL_THREADS + 1) / 2; // the default: half the pool, three recalls share it
        stickUntil(feed, limit);
        double refusedBefore = recallFailures("bulkhead");
        double timedOutBefore = recallFailures("timeout");
        List<Future<FeedResult>> stuckScene = new ArrayList<>();
        List<Future<FeedResult>> otherScene = new ArrayList<>();
        for (int i = 0; i < REQUESTS_PER_SCENE; i++) {
            stuckScene.add(clients.submit(() -> feed.feed(request("stuck_scene", 10))));
            otherScene.add(clients.submit(() -> feed.feed(request("other_scene", 3))));
        }
        for (Future<FeedResult> f : otherScene) {
            FeedResult r = f.get(GUARD_S, TimeUnit.SECONDS);
            assertThat(r.code()).isEqualTo(FeedResult.OK);
            assertThat(r.items()).extracting(Item::id).containsExactlyInAnyOrder("o1", "o2", "o3");
        }
        for (Future<FeedResult> f : stuckScene) {
            FeedResult r = f.get(GUARD_S, TimeUnit.SECONDS);
            assertThat(r.items()).extracting(Item::id).containsExactlyInAnyOrder("h1", "h2");
        }
        // the stuck recall never held more threads than its limit: every call of it under load was refused
        // by the thread that took it (or, still queued, given up at its timeout), never run
        assertThat(StuckRecallPlugin.MAX_RUNNING.get()).isEqualTo(limit);
        assertThat(StuckRecallPlugin.ENTERED.get()).isEqualTo(limit);
        assertThat(permitsInUse("stuck")).isEqualTo(limit);
        assertThat(recallFailures("bulkhead") - refusedBefore + recallFailures("timeout") - timedOutBefore)
                .isEqualTo(REQUESTS_PER_SCENE);
        assertThat(recallPool.getLargestPoolSize()).isLessThanOrEqualTo(RECALL_THREADS);

        // /api/recall names the refused recall, in neutral words
        RecallResult recalled = feed.recall(request("stuck_scene", 10));
        assertThat(recalled.items()).extracting(Item::id).containsExactlyInAnyOrder("h1", "h2");
        assertThat(recalled.errors()).containsExactly(new RecallFailure("stuck", "bulkhead",
                "recall 'stuck' rejected (concurrency limit " + limit + " reached)"));

        // released, the stuck calls end and give their permits back: nothing stays held
        StuckRecallPlugin.release();
        waitFor(() -> StuckRecallPlugin.RUNNING.get() == 0);
        waitFor(() -> permitsInUse("stuck") == 0);
        assertThat(permitsInUse("healthy")).isZero();
    }

    @Test
    void maxConcurrencyOverridesTheDefault() throws Exception {
        // three threads stay free: the healthy recall may use them all
        FeedService feed = start(", \"MaxConcurrency\": 1", ", \"MaxConcurrency\": " + RECALL_THREADS);
        stickUntil(feed, 1);
        double refusedBefore = recallFailures("bulkhead");
        double timedOutBefore = recallFailures("timeout");
        List<Future<FeedResult>> stuckScene = new ArrayList<>();
        for (int i = 0; i < 2 * RECALL_THREADS; i++) {
            stuckScene.add(clients.submit(() -> feed.feed(request("stuck_scene", 10))));
        }
        for (Future<FeedResult> f : stuckScene) {
            assertThat(f.get(GUARD_S, TimeUnit.SECONDS).items()).extracting(Item::id).containsExactlyInAnyOrder("h1", "h2");
        }
        assertThat(StuckRecallPlugin.MAX_RUNNING.get()).isEqualTo(1);
        assertThat(StuckRecallPlugin.ENTERED.get()).isEqualTo(1);
        assertThat(recallFailures("bulkhead") - refusedBefore + recallFailures("timeout") - timedOutBefore)
                .isEqualTo(2 * RECALL_THREADS);
        StuckRecallPlugin.release();
        waitFor(() -> permitsInUse("stuck") == 0);
    }

    /**
     * Sends requests to the stuck scene one at a time until {@code n} stuck calls hang (each request answers
     * after the stuck recall's timeout). A call whose request gave up before a thread started it never
     * starts, so the loop counts the calls that did.
     */
    private static void stickUntil(FeedService feed, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_S);
        while (StuckRecallPlugin.ENTERED.get() < n && System.nanoTime() < deadline) {
            assertThat(feed.feed(request("stuck_scene", 10)).items()).extracting(Item::id).contains("h1", "h2");
        }
        assertThat(StuckRecallPlugin.ENTERED.get()).as("stuck calls").isEqualTo(n);
    }

    /** Polls a condition the engine reaches on its own threads; the guard only turns a hang into a failure. */
    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_S);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(cond.getAsBoolean()).as("condition reached").isTrue();
    }
}
