package io.recengine.core.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.Dependency;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedService;
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
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A callback sink whose remote is unreachable at start: the generation builds, the feed answers, callbacks
 * are accepted and spilled, the sink reports down, and once the remote answers the sink is created and the
 * spilled rows arrive. A factory that refuses its config still refuses the start. Sequenced by counters
 * and the rows' monitor; the guard only turns a hang into a failure.
 */
class SinkDownAtStartTest {

    private static final long GUARD_MS = 30_000;

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ExecutorService pool;
    private PluginRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        UnreachableSinkPlugin.reset();
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), UnreachableSinkPlugin.class.getName() + "\n");
        URLClassLoader loader = new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader());
        registry = PluginRegistry.load(loader, null);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        pool.shutdownNow();
        registry.close();
    }

    private EngineConfig config() throws IOException {
        String json = "{\"SceneConfs\":{\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"],"
                + "\"AutoInvokeCallBack\":true}}},"
                + "\"CallBackConfs\":{\"home_feed\":{\"DataSource\":{\"Name\":\"t\",\"Type\":\"unreachable\"}}},"
                + "\"EngineConf\":{\"CallbackWorkers\":2,\"CallbackRetryIntervalMs\":10}}";
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test", tmp);
    }

    @Test
    void engineServesWithTheSinkDownAndDeliversTheSpillOnceItIsUp() throws Exception {
        EngineConfig config = config();
        EngineMetrics metrics = new EngineMetrics(meters);
        EngineGeneration g = EngineGeneration.build(config, registry, metrics, pool, pool, Clock.systemUTC(), Map.of());
        closeables.add(g);
        assertThat(g.dependencies()).containsExactly(new Dependency(Dependency.CALLBACK_SINK, "unreachable:t", false,
                "not created: remote unreachable; retrying"));
        CallbackService callbacks = CallbackService.start(config, g::callbackStages, metrics,
                Clock.systemUTC());
        closeables.add(callbacks);
        ExecutorService after = Executors.newFixedThreadPool(1);
        closeables.add(after::shutdownNow);

        // the feed does not depend on the sink
        FeedService feed = new FeedService(() -> g, metrics, after, List.of(callbacks.autoInvoke()), 0);
        FeedRequest req = FeedRequest.builder("u").sceneId("home_feed").size(2)
                .itemList(List.of(Map.of("item_id", "1", "score", 1L), Map.of("item_id", "2", "score", 0.5))).build();
        assertThat(feed.feed(req).code()).isEqualTo(200);

        int n = 40;
        for (int i = 0; i < n; i++) {
            assertThat(callbacks.submit(body(i)).status()).isEqualTo(CallbackResult.Status.ACCEPTED);
        }
        // 40 callbacks of 3 rows and the feed's automatic callback (3 rows) all go to the spill
        int expected = 3 * n + 3;
        waitFor(() -> rows("spilled") >= expected);
        assertThat(UnreachableSinkPlugin.ROWS).isEmpty();
        assertThat(g.dependencies()).extracting(Dependency::up).containsExactly(false);

        UnreachableSinkPlugin.reachable = true;
        assertThat(awaitRows(expected)).as("spilled rows delivered once the sink could be created").isTrue();
        Set<String> requestIds = new java.util.HashSet<>();
        synchronized (UnreachableSinkPlugin.ROWS) {
            for (CallbackRow r : UnreachableSinkPlugin.ROWS) {
                requestIds.add(r.text("request_id"));
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(requestIds).contains("r" + i);
        }
        waitFor(() -> g.dependencies().get(0).up());
        assertThat(g.dependencies()).containsExactly(new Dependency(Dependency.CALLBACK_SINK, "unreachable:t", true, "up"));
        assertThat(rows("failed")).isZero();

        // the engine, not the catalog, owns the sink it created late: closed once, with the generation
        callbacks.close();
        g.close();
        assertThat(UnreachableSinkPlugin.CLOSED.get()).isEqualTo(1);
    }

    @Test
    void aFactoryRefusingItsConfigStillRefusesTheStart() throws Exception {
        UnreachableSinkPlugin.configError = true;
        EngineConfig config = config();
        assertThatThrownBy(() -> EngineGeneration.build(config, registry, new EngineMetrics(meters), pool, pool,
                Clock.systemUTC(), Map.of()))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("Schemas")
                .hasMessageContaining("strnig");
        assertThat(UnreachableSinkPlugin.CREATE_CALLS.get()).isEqualTo(1);
    }

    private static CallbackRequest body(int i) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", i + "-" + k);
            list.add(item);
        }
        return new CallbackRequest("home_feed", "r" + i, "u" + i, new LinkedHashMap<>(), List.of(), list, Map.of(),
                false, false);
    }

    private double rows(String outcome) {
        return meters.find("recengine.callback.rows").tag("outcome", outcome).functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    private static boolean awaitRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GUARD_MS);
        synchronized (UnreachableSinkPlugin.ROWS) {
            while (UnreachableSinkPlugin.ROWS.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                UnreachableSinkPlugin.ROWS.wait(left);
            }
            return true;
        }
    }

    /** Waits for a condition; the guard only turns a hang into a failure. */
    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GUARD_MS);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(cond.getAsBoolean()).as("condition reached").isTrue();
    }
}
