package io.recengine.core.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.pipeline.Stages;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code AutoInvokeCallBackRate} (PAI-Rec's {@code CallBackHookFunc} sampling) with the service's random
 * source replaced by a seeded generator, so that the sampled count is exact instead of a statistic. The
 * hook runs on the calling thread here (no feed, no after-response pool), so the draws are in call order.
 */
class CallbackSamplingTest {

    private static final long SEED = 20_240_601L;
    /** Feeds of 3000 that {@link #SEED} samples at rate 30, pinned so that a change of the rule shows. */
    private static final int EXPECTED_RATE30_SEEDED = 871;

    @TempDir
    Path tmp;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private ExecutorService pool;
    private PluginRegistry registry;
    private EngineGeneration generation;
    private CallbackService service;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(2);
        registry = PluginRegistry.load(getClass().getClassLoader(), null);
        String scenes = "";
        String callbacks = "";
        for (String scene : List.of("rate0", "rate1", "rate30", "rate99", "rate100", "off")) {
            String rate = scene.startsWith("rate") ? scene.substring(4) : "0";
            scenes += (scenes.isEmpty() ? "" : ",") + "\"" + scene + "\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"],"
                    + "\"AutoInvokeCallBack\":" + !scene.equals("off") + ",\"AutoInvokeCallBackRate\":" + rate + "}}";
            callbacks += (callbacks.isEmpty() ? "" : ",") + "\"" + scene + "\":{\"DataSource\":{\"Name\":\"cb\","
                    + "\"Type\":\"file\",\"Path\":\"cblog\"}}";
        }
        String json = "{\"SceneConfs\":{" + scenes + "},\"CallBackConfs\":{" + callbacks + "},"
                + "\"EngineConf\":{\"CallbackWorkers\":1,\"CallbackQueueSize\":20000}}";
        EngineConfig config = ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test", tmp);
        EngineMetrics metrics = new EngineMetrics(meters);
        generation = EngineGeneration.build(config, registry, metrics, pool, pool, Clock.systemUTC(), Map.of());
        service = CallbackService.start(config, generation::callbackStages, metrics, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        service.close();
        generation.close();
        pool.shutdownNow();
        registry.close();
    }

    /** Runs the automatic callback after {@code n} feeds of {@code scene}; the number queued. */
    private int feeds(String scene, int n, boolean debug) {
        Stages.AfterResponse hook = service.autoInvoke();
        double before = queued(scene);
        for (int i = 0; i < n; i++) {
            RecContext ctx = RecContext.builder("r" + i).sceneId(scene).category("default").debug(debug).build();
            hook.run(ctx, new User("u" + i), List.of(new Item("i" + i, "recall", 1.0)));
        }
        return (int) (queued(scene) - before);
    }

    private double queued(String scene) {
        Counter c = meters.find("recengine.callback.requests").tag("scene", scene).tag("source", "auto")
                .tag("outcome", "queued").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void rateThirtyWithASeededRandomSamplesExactlyTheDrawsBelowThirty() {
        RandomGenerator random = new SplittableRandom(SEED);
        service.random(random::nextInt);
        int n = 3000;

        int sampled = feeds("rate30", n, false);

        // the same seed replayed: a feed is called back when its draw in [0, 100) is below the rate
        RandomGenerator replay = new SplittableRandom(SEED);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            if (replay.nextInt(100) < 30) {
                expected++;
            }
        }
        assertThat(sampled).isEqualTo(expected).isEqualTo(EXPECTED_RATE30_SEEDED);
    }

    @Test
    void aDrawBelowTheRateSamplesAndADrawAtTheRateDoesNot() {
        service.random(bound -> 29);
        assertThat(feeds("rate30", 10, false)).isEqualTo(10);
        service.random(bound -> 30);
        assertThat(feeds("rate30", 10, false)).isZero();
        service.random(bound -> 0);
        assertThat(feeds("rate1", 10, false)).isEqualTo(10);
        service.random(bound -> 1);
        assertThat(feeds("rate1", 10, false)).isZero();
        service.random(bound -> 98);
        assertThat(feeds("rate99", 10, false)).isEqualTo(10);
        service.random(bound -> 99);
        assertThat(feeds("rate99", 10, false)).isZero();
        // a debug feed is sampled like any other while the flag is on
        assertThat(feeds("rate99", 10, true)).isZero();
    }

    @Test
    void rateZeroAndRateHundredCallBackEveryFeedAsPaiRecDoes() {
        // whatever the draws: the worst case for "all" is the highest draw
        service.random(bound -> bound - 1);
        assertThat(feeds("rate0", 200, false)).isEqualTo(200);
        assertThat(feeds("rate100", 200, false)).isEqualTo(200);
        // flag off: no draw decides, only debug feeds are called back
        assertThat(feeds("off", 200, false)).isZero();
        assertThat(feeds("off", 200, true)).isEqualTo(200);
    }
}
