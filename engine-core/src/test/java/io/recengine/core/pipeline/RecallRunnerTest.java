package io.recengine.core.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class RecallRunnerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecallRunner runner = new RecallRunner(pool, new EngineMetrics(registry));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static ComponentCatalog.NamedRecall recall(String name, long timeoutMs, Recall r) {
        return new ComponentCatalog.NamedRecall(name, r, timeoutMs);
    }

    private static Recall fixed(long sleepMs, String... ids) {
        return (ctx, user) -> {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentException("fixed", ComponentException.Kind.TIMEOUT, "interrupted");
            }
            return java.util.Arrays.stream(ids).map(Item::new).toList();
        };
    }

    private static RecContext ctx() {
        return RecContext.builder("r").sceneId("s").debug(true).build();
    }

    @Test
    void mergesInRecallNamesOrderWhateverFinishesFirst() {
        List<Item> items = runner.run(ctx(), new User("u"), List.of(
                recall("slow", 1000, fixed(80, "a", "b")),
                recall("fast", 1000, fixed(0, "c"))));
        assertThat(items).extracting(Item::id).containsExactly("a", "b", "c");
        assertThat(items).extracting(Item::retrieveId).containsExactly("slow", "slow", "fast");
    }

    @Test
    void aTimedOutRecallContributesNothingIsInterruptedAndCounted() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Recall hanging = (c, u) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                done.countDown();
            }
            return List.of(new Item("late"));
        };
        RecContext ctx = ctx();
        long t0 = System.nanoTime();
        List<Item> items = runner.run(ctx, new User("u"), List.of(
                recall("hang", 50, hanging), recall("ok", 1000, fixed(0, "x"))));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(items).extracting(Item::id).containsExactly("x");
        assertThat(tookMs).isLessThan(5_000);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(registry.counter("recengine.component.failures", "kind", "recall", "component", "hang",
                "scene", "s", "outcome", "timeout").count()).isEqualTo(1.0);
        assertThat(ctx.logs()).anyMatch(l -> l.contains("name=hang") && l.contains("timeout"));
    }

    @Test
    void aFailingRecallIsSkippedAndCounted() {
        Recall broken = (c, u) -> {
            throw new IllegalStateException("boom");
        };
        List<Item> items = runner.run(ctx(), new User("u"), List.of(
                recall("broken", 1000, broken), recall("ok", 1000, fixed(0, "x", "y"))));
        assertThat(items).extracting(Item::id).containsExactly("x", "y");
        assertThat(registry.counter("recengine.component.failures", "kind", "recall", "component", "broken",
                "scene", "s", "outcome", "error").count()).isEqualTo(1.0);
    }

    @Test
    void theRequestDeadlineBoundsEveryRecall() {
        RecContext ctx = RecContext.builder("r").sceneId("s")
                .deadlineNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30)).build();
        List<Item> items = runner.run(ctx, new User("u"), List.of(recall("slow", 5_000, fixed(2_000, "a"))));
        assertThat(items).isEmpty();
    }

    @Test
    void aFullPoolRejectsInsteadOfQueueingForever() {
        java.util.concurrent.ThreadPoolExecutor tiny = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1));
        try {
            RecallRunner r = new RecallRunner(tiny, new EngineMetrics(registry));
            List<Item> items = r.run(ctx(), new User("u"), List.of(
                    recall("a", 1000, fixed(50, "a")), recall("b", 1000, fixed(0, "b")),
                    recall("c", 1000, fixed(0, "c"))));
            assertThat(items).extracting(Item::id).containsExactly("a", "b");
            assertThat(registry.counter("recengine.component.failures", "kind", "recall", "component", "c",
                    "scene", "s", "outcome", "rejected").count()).isEqualTo(1.0);
        } finally {
            tiny.shutdownNow();
        }
    }
}
