package io.recengine.core.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.Bulkhead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** No assertion depends on how long anything takes: latches order the recalls. */
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

    private static Recall fixed(String... ids) {
        return (ctx, user) -> java.util.Arrays.stream(ids).map(Item::new).toList();
    }

    private static RecContext ctx() {
        return RecContext.builder("r").sceneId("s").debug(true).build();
    }

    private double failures(String recall, String outcome) {
        return registry.counter("recengine.component.failures", "kind", "recall", "component", recall,
                "scene", "s", "outcome", outcome).count();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Runs every task on a new thread and returns only once {@code begun} is released (by the recall that
     * must be running before the runner starts waiting), so that its timeout always meets it running.
     */
    private static Executor startingBefore(CountDownLatch begun) {
        return task -> {
            new Thread(task).start();
            await(begun);
        };
    }

    @Test
    void mergesInRecallNamesOrderWhateverFinishesFirst() {
        CountDownLatch fastDone = new CountDownLatch(1);
        Recall slow = (c, u) -> {
            await(fastDone); // finishes only after the second recall
            return List.of(new Item("a"), new Item("b"));
        };
        Recall fast = (c, u) -> {
            fastDone.countDown();
            return List.of(new Item("c"));
        };
        List<Item> items = runner.run(ctx(), new User("u"), List.of(
                recall("slow", 30_000, slow), recall("fast", 30_000, fast)));
        assertThat(items).extracting(Item::id).containsExactly("a", "b", "c");
        assertThat(items).extracting(Item::retrieveId).containsExactly("slow", "slow", "fast");
    }

    @Test
    void aTimedOutRecallContributesNothingIsInterruptedAndCounted() {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Recall hanging = (c, u) -> {
            begun.countDown();
            try {
                new CountDownLatch(1).await(); // until cancelled
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                done.countDown();
            }
            return List.of(new Item("late"));
        };
        RecallRunner r = new RecallRunner(startingBefore(begun), new EngineMetrics(registry));
        RecContext ctx = ctx();
        List<Item> items = r.run(ctx, new User("u"), List.of(
                recall("hang", 50, hanging), recall("ok", 30_000, fixed("x"))));
        assertThat(items).extracting(Item::id).containsExactly("x");
        await(done);
        assertThat(interrupted).isTrue();
        assertThat(failures("hang", "timeout")).isEqualTo(1.0);
        assertThat(ctx.logs()).anyMatch(l -> l.contains("name=hang") && l.contains("timeout"));
    }

    @Test
    void aFailingRecallIsSkippedAndCounted() {
        Recall broken = (c, u) -> {
            throw new IllegalStateException("boom");
        };
        List<Item> items = runner.run(ctx(), new User("u"), List.of(
                recall("broken", 30_000, broken), recall("ok", 30_000, fixed("x", "y"))));
        assertThat(items).extracting(Item::id).containsExactly("x", "y");
        assertThat(failures("broken", "error")).isEqualTo(1.0);
    }

    @Test
    void aRecallReportingATimeoutIsCountedAsTimeout() {
        Recall slowStore = (c, u) -> {
            throw new ComponentException("slowStore", ComponentException.Kind.TIMEOUT, "store did not answer");
        };
        List<Item> items = runner.run(ctx(), new User("u"), List.of(recall("slowStore", 30_000, slowStore)));
        assertThat(items).isEmpty();
        assertThat(failures("slowStore", "timeout")).isEqualTo(1.0);
    }

    @Test
    void theRequestDeadlineBoundsEveryRecall() {
        AtomicBoolean ran = new AtomicBoolean();
        RecContext ctx = RecContext.builder("r").sceneId("s").deadlineNanos(System.nanoTime() - 1).build();
        List<Item> items = runner.run(ctx, new User("u"), List.of(recall("slow", 5_000, (c, u) -> {
            ran.set(true);
            return List.of(new Item("a"));
        })));
        assertThat(items).isEmpty();
        assertThat(ran).as("started after the deadline").isFalse();
        assertThat(failures("slow", "timeout")).isEqualTo(1.0);
    }

    @Test
    void aFullPoolRejectsInsteadOfQueueingForever() {
        // one thread, one queue slot: "a" holds the thread until "c" has been refused, "b" waits in the queue
        ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1));
        CountDownLatch refused = new CountDownLatch(1);
        Executor watched = task -> {
            try {
                tiny.execute(task);
            } catch (RejectedExecutionException e) {
                refused.countDown();
                throw e;
            }
        };
        Recall holding = (c, u) -> {
            await(refused);
            return List.of(new Item("a"));
        };
        try {
            RecallRunner r = new RecallRunner(watched, new EngineMetrics(registry));
            List<Item> items = r.run(ctx(), new User("u"), List.of(
                    recall("a", 30_000, holding), recall("b", 30_000, fixed("b")),
                    recall("c", 30_000, fixed("c"))));
            assertThat(items).extracting(Item::id).containsExactly("a", "b");
            assertThat(failures("c", "rejected")).isEqualTo(1.0);
        } finally {
            tiny.shutdownNow();
        }
    }

    @Test
    void aRecallAtItsLimitIsRefusedAtOnceCountedAndReportedWhileTheOthersRun() {
        Bulkhead full = Bulkhead.of("stuck", 1);
        assertThat(full.tryAcquire()).isTrue(); // held, as by a call that hangs past its timeout
        AtomicBoolean ran = new AtomicBoolean();
        RecallRunner r = new RecallRunner(pool, new EngineMetrics(registry), name -> name.equals("stuck") ? full : null);
        RecContext ctx = ctx();
        List<RecallFailure> errors = new java.util.ArrayList<>();
        List<Item> items = r.run(ctx, new User("u"), List.of(recall("stuck", 30_000, (c, u) -> {
            ran.set(true);
            return List.of(new Item("s"));
        }), recall("ok", 30_000, fixed("x"))), errors);
        assertThat(items).extracting(Item::id).containsExactly("x");
        assertThat(ran).as("never started").isFalse();
        assertThat(failures("stuck", "bulkhead")).isEqualTo(1.0);
        assertThat(errors).containsExactly(new RecallFailure("stuck", "bulkhead",
                "recall 'stuck' rejected (concurrency limit 1 reached)"));
        assertThat(ctx.logs()).anyMatch(l -> l.contains("name=stuck") && l.contains("concurrency limit 1 reached"));
        full.release();
    }

    @Test
    void clientsSeeTheRecallAndTheOutcomeButNoExceptionText() {
        Recall down = (c, u) -> {
            throw new ComponentException("be", ComponentException.Kind.DEPENDENCY,
                    "AIME read failed: http://10.1.2.3:8080/be: java.net.ConnectException: Connection refused");
        };
        Recall buggy = (c, u) -> {
            throw new IllegalStateException("index 3 out of bounds in com.example.Secret");
        };
        RecContext ctx = ctx();
        List<RecallFailure> errors = new java.util.ArrayList<>();
        runner.run(ctx, new User("u"), List.of(recall("be", 30_000, down), recall("buggy", 30_000, buggy)), errors);
        assertThat(errors).extracting(RecallFailure::message)
                .containsExactly("recall 'be' failed (dependency)", "recall 'buggy' failed (error)");
        assertThat(ctx.logs()).hasSize(2).allSatisfy(l -> assertThat(l)
                .doesNotContain("10.1.2.3", "http", "java.", "Exception", "com.example", "Connection refused"));
    }
}
