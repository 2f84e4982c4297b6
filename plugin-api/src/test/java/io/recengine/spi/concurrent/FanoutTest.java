package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;
import io.recengine.spi.concurrent.Fanout.Outcome;
import io.recengine.spi.concurrent.Fanout.Result;
import io.recengine.spi.concurrent.Fanout.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deterministic: tasks block on latches; nothing depends on how long anything takes. */
class FanoutTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static List<Outcome> outcomes(List<? extends Result<?>> results) {
        return results.stream().map(Result::outcome).map(Outcome.class::cast).toList();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(30, TimeUnit.SECONDS), "latch not released");
    }

    @Test
    void resultsComeBackInSubmissionOrderWhateverFinishesFirst() {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<Task<String>> tasks = List.of(
                Task.of(() -> {
                    await(secondDone); // the first finishes only after the second
                    return "first";
                }),
                Task.of(() -> {
                    secondDone.countDown();
                    return "second";
                }));
        List<Result<String>> r = Fanout.on(pool).run(tasks, LONG);
        assertEquals(List.of(Outcome.OK, Outcome.OK), outcomes(r));
        assertEquals(List.of("first", "second"), r.stream().map(Result::value).toList());
    }

    /**
     * In-process tasks ({@link Task#onCaller()}) never leave the calling thread; the others still go to the
     * pool, and both come back in submission order.
     */
    @Test
    void onCallerTasksRunOnTheCallingThreadAndTheOthersOnThePool() {
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> pooled = new AtomicReference<>();
        List<Task<String>> tasks = List.of(
                Task.of(() -> Thread.currentThread() == caller ? "caller" : "pool").onCaller(),
                Task.of(() -> {
                    pooled.set(Thread.currentThread());
                    return "remote";
                }),
                Task.of(() -> Thread.currentThread() == caller ? "caller" : "pool").onCaller(true),
                Task.of(() -> "plain").onCaller(false).limitedBy(null));
        List<Result<String>> r = Fanout.on(pool).run(tasks, LONG);
        assertEquals(List.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK), outcomes(r));
        assertEquals(List.of("caller", "remote", "caller", "plain"), r.stream().map(Result::value).toList());
        assertTrue(pooled.get() != null && pooled.get() != caller, "the plain task ran on the pool");
    }

    /**
     * On-caller tasks run one after the other, so each one's budget counts from its own start: the second
     * is not late because the first outlasted the second's budget (the first sleeps past it; nothing
     * asserts on durations).
     */
    @Test
    void onCallerBudgetsDoNotAddUp() {
        long secondBudget = TimeUnit.SECONDS.toNanos(1);
        List<Task<String>> tasks = List.of(
                Task.of(() -> {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(secondBudget) + 200);
                    return "a";
                }, LONG, TimeUnit.NANOSECONDS).onCaller(),
                Task.of(() -> "b", secondBudget, TimeUnit.NANOSECONDS).onCaller());
        List<Result<String>> r = Fanout.on(pool).run(tasks, LONG);
        assertEquals(List.of(Outcome.OK, Outcome.OK), outcomes(r));
        // past the request deadline at the start, nothing runs and nothing waits
        AtomicBoolean ran = new AtomicBoolean();
        List<Result<String>> none = Fanout.on(pool).run(List.of(Task.of(() -> {
            ran.set(true);
            return "x";
        }).onCaller()), 0);
        assertEquals(List.of(Outcome.TIMEOUT), outcomes(none));
        assertTrue(!ran.get(), "nothing ran");
    }

    /** An on-caller task keeps its bulkhead: a full one refuses it without running it. */
    @Test
    void onCallerTasksHonourTheirBulkhead() {
        Bulkhead full = Bulkhead.of("recall 'r'", 1);
        assertTrue(full.tryAcquire());
        AtomicBoolean ran = new AtomicBoolean();
        List<Result<String>> r = Fanout.on(pool).run(List.of(Task.of(() -> {
            ran.set(true);
            return "x";
        }).limitedBy(full).onCaller()), LONG);
        assertEquals(List.of(Outcome.REJECTED), outcomes(r));
        assertTrue(!ran.get(), "refused task did not run");
        full.release();
    }

    /** A task that waits until it is interrupted; notes whether it started and whether it was interrupted. */
    private static final class Hanging implements java.util.concurrent.Callable<String> {
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public String call() {
            started.set(true);
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return "late";
        }
    }

    /** Once every task has ended: the hanging task never started (cancelled first) or was interrupted. */
    private void assertCancelled(Hanging h) throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a cancelled task is still running");
        assertTrue(!h.started.get() || h.interrupted.get(), "started but not interrupted");
    }

    @Test
    void aTaskPastItsBudgetIsCancelledAndItsLateResultIgnored() throws Exception {
        Hanging h = new Hanging();
        List<Result<String>> r = Fanout.on(pool).run(List.of(Task.of(h, 1, TimeUnit.MILLISECONDS),
                Task.of(() -> "ok")), LONG);
        assertEquals(List.of(Outcome.TIMEOUT, Outcome.OK), outcomes(r));
        assertNull(r.get(0).value());
        assertCancelled(h);
    }

    @Test
    void aDeadlineAlreadyPassedStartsNothing() {
        List<String> ran = new ArrayList<>();
        List<Result<String>> r = Fanout.on(pool).run(List.of(Task.of(() -> {
            ran.add("a");
            return "a";
        })), 0);
        assertEquals(List.of(Outcome.TIMEOUT), outcomes(r));
        assertEquals(List.of(), ran);
        List<Result<String>> c = Fanout.callerRuns(pool).run(List.of(Task.of(() -> {
            ran.add("b");
            return "b";
        })), -5);
        assertEquals(List.of(Outcome.TIMEOUT), outcomes(c));
        assertEquals(List.of(), ran);
    }

    @Test
    void theDeadlineBoundsTasksWithALargerBudget() throws Exception {
        Hanging h = new Hanging();
        List<Result<String>> r = Fanout.on(pool).run(List.of(Task.of(h, 1, TimeUnit.HOURS)),
                TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(List.of(Outcome.TIMEOUT), outcomes(r));
        assertCancelled(h);
    }

    @Test
    void failuresAreClassifiedNotThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        ComponentException slow = new ComponentException("x", ComponentException.Kind.TIMEOUT, "store timed out");
        List<Task<String>> tasks = List.of(
                Task.of(() -> {
                    throw boom;
                }),
                Task.of(() -> {
                    throw slow;
                }),
                Task.of(() -> "ok"));
        List<Result<String>> r = Fanout.on(pool).run(tasks);
        assertEquals(List.of(Outcome.FAILED, Outcome.TIMEOUT, Outcome.OK), outcomes(r));
        assertSame(boom, r.get(0).failure());
        assertSame(slow, r.get(1).failure());
    }

    @Test
    void aFullPoolRejectsTheRest() {
        // a pool with room for one task: the first is taken, the second refused
        AtomicInteger offered = new AtomicInteger();
        Executor roomForOne = task -> {
            if (offered.getAndIncrement() > 0) {
                throw new RejectedExecutionException("full");
            }
            pool.execute(task);
        };
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Result<String>> r = Fanout.on(roomForOne).run(List.of(
                Task.of(() -> {
                    ran.add("taken");
                    return "taken";
                }),
                Task.of(() -> {
                    ran.add("refused");
                    return "refused";
                })), LONG);
        assertEquals(List.of(Outcome.OK, Outcome.REJECTED), outcomes(r));
        assertInstanceOf(RejectedExecutionException.class, r.get(1).failure());
        assertEquals(List.of("taken"), ran);
    }

    @Test
    void callerRunsWhatThePoolCannotTake() {
        // a pool that refuses everything: the caller runs every task itself, in order
        ThreadPoolExecutor none = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
        none.shutdown();
        String caller = Thread.currentThread().getName();
        List<Result<String>> r = Fanout.callerRuns(none).run(List.of(
                Task.of(() -> Thread.currentThread().getName() + ":a"),
                Task.of(() -> Thread.currentThread().getName() + ":b")));
        assertEquals(List.of(caller + ":a", caller + ":b"), r.stream().map(Result::value).toList());
    }

    @Test
    void aResultTheCallerProducedPastTheBudgetIsLate() {
        ThreadPoolExecutor none = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
        none.shutdown();
        // the caller runs it (the pool refuses); it ends at least 5 ms after the start, its budget is 1 ms
        List<Result<String>> r = Fanout.callerRuns(none).run(List.of(Task.of(() -> {
            Thread.sleep(5);
            return "late";
        }, 1, TimeUnit.MILLISECONDS), Task.of(() -> "ok")));
        assertEquals(List.of(Outcome.TIMEOUT, Outcome.OK), outcomes(r));
    }

    @Test
    void callerRunsUnstartedTasksSoANestedFanoutOnASaturatedPoolCannotDeadlock() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            // the outer task occupies the pool's only thread and fans out on the same pool: its subtasks
            // queue behind it, so the outer task's thread must run them itself
            List<Result<List<String>>> r = Fanout.on(one).run(List.of(Task.of(() -> {
                String me = Thread.currentThread().getName();
                List<Result<String>> inner = Fanout.on(one).run(List.of(
                        Task.of(() -> Thread.currentThread().getName().equals(me) ? "x" : "other thread"),
                        Task.of(() -> Thread.currentThread().getName().equals(me) ? "y" : "other thread")));
                return inner.stream().map(Result::value).toList();
            })), LONG);
            assertEquals(List.of(Outcome.OK), outcomes(r));
            assertEquals(List.of("x", "y"), r.get(0).value());
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerCancelsWhatIsNotDoneAndKeepsItsInterruptStatus() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicReference<List<Result<String>>> out = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            out.set(Fanout.on(pool).run(List.of(Task.of(() -> {
                running.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    cancelled.countDown();
                }
                return "never";
            })), LONG));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        await(running);
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of(Outcome.INTERRUPTED), outcomes(out.get()));
        assertTrue(stillInterrupted.get());
        await(cancelled);
    }

    /** Blocks until {@code release}, ignoring interruption (as a client stuck in a socket read may). */
    private static String stubborn(CountDownLatch begun, CountDownLatch release) {
        begun.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                release.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return "late";
    }

    /** Polls a condition other threads reach; the guard only turns a hang into a failure. */
    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + LONG;
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(cond.getAsBoolean(), "condition not reached");
    }

    @Test
    void aTaskPastItsBudgetKeepsItsPermitUntilItEndsAndItsComponentIsRefusedAtOnce() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("stuck", 1);
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the task runs on its own thread, and the fan-out starts waiting only once it runs
        Executor startedBeforeWaiting = task -> {
            new Thread(task).start();
            try {
                await(begun);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Result<String>> first = Fanout.on(startedBeforeWaiting).run(List.of(
                Task.of(() -> stubborn(begun, release), 1, TimeUnit.MILLISECONDS).limitedBy(bulkhead)), LONG);
        assertEquals(List.of(Outcome.TIMEOUT), outcomes(first));
        assertEquals(1, bulkhead.inUse(), "the stuck task still holds its permit");

        AtomicBoolean ran = new AtomicBoolean();
        List<Result<String>> second = Fanout.on(pool).run(List.of(
                Task.<String>of(() -> {
                    ran.set(true);
                    return "x";
                }).limitedBy(bulkhead),
                Task.of(() -> "other component")), LONG);
        assertEquals(List.of(Outcome.REJECTED, Outcome.OK), outcomes(second));
        Bulkhead.FullException full = assertInstanceOf(Bulkhead.FullException.class, second.get(0).failure());
        assertSame(bulkhead, full.bulkhead());
        assertTrue(!ran.get(), "a refused task never runs");

        release.countDown();
        waitFor(() -> bulkhead.inUse() == 0);
        List<Result<String>> third = Fanout.on(pool).run(List.of(Task.of(() -> "again").limitedBy(bulkhead)), LONG);
        assertEquals(List.of(Outcome.OK), outcomes(third));
        assertEquals(0, bulkhead.inUse());
    }

    @Test
    void aQueuedTaskThatFindsItsBulkheadFullWhenAThreadTakesItIsRefusedNotRun() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("c", 1);
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        CountDownLatch bothQueued = new CountDownLatch(2);
        Executor queue = task -> {
            queued.add(task);
            bothQueued.countDown();
        };
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        AtomicReference<List<Result<String>>> out = new AtomicReference<>();
        Thread caller = new Thread(() -> out.set(Fanout.on(queue).run(List.of(
                Task.of(() -> stubborn(begun, release)).limitedBy(bulkhead),
                Task.<String>of(() -> {
                    secondRan.set(true);
                    return "second";
                }).limitedBy(bulkhead)), LONG)));
        caller.start();
        await(bothQueued); // both passed the check at submission: no permit was held yet
        Thread holder = new Thread(queued.get(0));
        holder.start();
        await(begun);
        queued.get(1).run(); // a thread takes the second while the first holds the only permit
        release.countDown();
        caller.join(TimeUnit.NANOSECONDS.toMillis(LONG));
        assertEquals(List.of(Outcome.OK, Outcome.REJECTED), outcomes(out.get()));
        assertInstanceOf(Bulkhead.FullException.class, out.get().get(1).failure());
        assertTrue(!secondRan.get(), "the refused task never ran");
        holder.join(TimeUnit.NANOSECONDS.toMillis(LONG));
        assertEquals(0, bulkhead.inUse());
    }

    @Test
    void aBulkheadRefusesPastItsLimitAndNeverGoesBelowZeroInUse() {
        Bulkhead b = Bulkhead.of("x", 2);
        assertTrue(b.tryAcquire());
        assertTrue(b.tryAcquire());
        assertTrue(b.isFull());
        assertTrue(!b.tryAcquire());
        b.release();
        assertEquals(1, b.inUse());
        assertTrue(b.tryAcquire());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Bulkhead.of("y", 0));
    }

    @Test
    void valuesComeInCallOrderAndTheFirstFailureIsThrownAfterAllRan() {
        Fanout f = Fanout.callerRuns(pool);
        assertEquals(List.of(1, 2, 3), f.values("dao", List.<java.util.concurrent.Callable<Integer>>of(() -> 1, () -> 2, () -> 3)));

        AtomicInteger ran = new AtomicInteger();
        List<java.util.concurrent.Callable<Integer>> calls = List.of(
                () -> { ran.incrementAndGet(); throw new java.io.IOException("first"); },
                () -> { ran.incrementAndGet(); throw new IllegalStateException("second"); },
                ran::incrementAndGet);
        ComponentException e = org.junit.jupiter.api.Assertions.assertThrows(ComponentException.class,
                () -> f.values("dao", calls));
        assertTrue(e.getMessage().contains("first"), e.getMessage());
        assertEquals(3, ran.get(), "every call ran before the failure was thrown");

        String caller = Thread.currentThread().getName();
        assertEquals(List.of(caller), f.values("dao",
                List.<java.util.concurrent.Callable<String>>of(() -> Thread.currentThread().getName())), "one call runs on the caller");
        IllegalArgumentException iae = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.values("dao", List.<java.util.concurrent.Callable<String>>of(() -> { throw new IllegalArgumentException("as is"); })));
        assertEquals("as is", iae.getMessage());
    }
}
