package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs independent tasks in parallel on a bounded pool and waits for each under its own budget and the
 * request deadline. Used by the engine's recall, rank and feature stages and by plugins that split a
 * lookup into parallel queries.
 *
 * <ul>
 *   <li>Results come back in submission order, whatever finishes first, so merges are deterministic.</li>
 *   <li>Task {@code i} gets {@code min(budget_i, remaining)} from the start of {@link #run}. A task not done
 *       by then is cancelled (its thread interrupted) and reported as {@link Outcome#TIMEOUT}; whatever it
 *       returns later is ignored. When no time remains at the start, nothing is started.</li>
 *   <li>Failures are classified, never thrown: {@link Outcome#TIMEOUT} (also a task that throws a
 *       {@link ComponentException} of kind {@code TIMEOUT}), {@link Outcome#REJECTED} (the pool is full or
 *       shut down, or the task's {@link Bulkhead} is full), {@link Outcome#FAILED} (the task threw),
 *       {@link Outcome#INTERRUPTED} (the waiting thread was interrupted; unfinished tasks are cancelled). The
 *       caller logs and counts them; {@link FailureText} turns them into the neutral text clients see.</li>
 *   <li>A task {@linkplain Task#limitedBy limited by} a {@link Bulkhead} takes a permit when its body
 *       starts and returns it when the body ends, however late: a component that hangs and ignores
 *       interruption holds at most its limit of threads. A task that finds its bulkhead full when a thread
 *       takes it is not run but {@link Outcome#REJECTED} (failure: {@link Bulkhead.FullException}) and the
 *       thread is free at once, so the stuck tasks of one component never make the others wait. (The check
 *       is made when a thread takes the task, not when it is queued: a burst of a healthy component that
 *       merely waits in the queue for a free thread is not refused.)</li>
 *   <li>Who runs a task: the pool, except (a) with {@link #callerRuns}, where the calling thread runs every
 *       task no pool thread has started yet (a full pool then degrades to sequential work instead of
 *       rejecting), and (b) when the calling thread is itself running a fan-out task, which behaves as
 *       {@code callerRuns}: a task that waits for subtasks queued behind it on its own saturated pool would
 *       otherwise deadlock. A task the caller runs is not interrupted at its deadline (the caller is
 *       busy running it); it is only started while its deadline has not passed, and a result it returns
 *       late counts as {@link Outcome#TIMEOUT}.</li>
 *   <li>A task marked {@linkplain Task#onCaller() on the caller} (in-process work that a thread hop would
 *       cost more than) is never handed to the pool: the caller runs it after queueing the others, with the
 *       caller-run rules above, except that its own budget counts from when it starts (the caller runs
 *       such tasks one after the other, so budgets counted from the start of the run would add up; the
 *       request deadline still counts from the start). A fan-out of such tasks only never leaves the calling
 *       thread.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: build one per pool and share it.
 */
public final class Fanout {

    /** How a task ended. */
    public enum Outcome {
        /** Done in time; {@link Result#value()} holds what it returned. */
        OK,
        /** Not done by its budget or the deadline (cancelled), or it reported a timeout itself. */
        TIMEOUT,
        /** The pool refused it; it never ran. */
        REJECTED,
        /** It threw; {@link Result#failure()} holds the exception. */
        FAILED,
        /** The waiting thread was interrupted before the task was done; the task was cancelled. */
        INTERRUPTED
    }

    /** Marks threads that are running a fan-out task, to detect nested fan-outs (deadlock avoidance). */
    private static final ThreadLocal<Boolean> IN_TASK = new ThreadLocal<>();

    private final Executor pool;
    private final boolean callerRuns;

    private Fanout(Executor pool, boolean callerRuns) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.callerRuns = callerRuns;
    }

    /** Tasks run on {@code pool}; a task the pool refuses is {@link Outcome#REJECTED}. */
    public static Fanout on(Executor pool) {
        return new Fanout(pool, false);
    }

    /**
     * Tasks run on {@code pool} and on the calling thread: the caller runs the first task and every task no
     * pool thread has started when it gets to it. For work that must complete rather than meet a deadline,
     * and that may be started from a thread of the same pool.
     */
    public static Fanout callerRuns(Executor pool) {
        return new Fanout(pool, true);
    }

    /** Runs {@code tasks} with no deadline but their own budgets. */
    public <T> List<Result<T>> run(List<Task<T>> tasks) {
        return run(tasks, Long.MAX_VALUE);
    }

    /**
     * Runs independent calls that carry their own timeouts (a JDBC or socket timeout: no budget here) and
     * returns their values in call order; the first failure, in call order, is thrown once all are done:
     * a {@link RuntimeException} as it is, anything else as a {@link ComponentException} of
     * {@code component}. One call runs on the caller: a hand-off gains nothing.
     */
    public <T> List<T> values(String component, List<? extends Callable<T>> calls) {
        if (calls.size() == 1) {
            try {
                return java.util.Collections.singletonList(calls.get(0).call()); // a value may be null (Void calls)
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ComponentException(component, ComponentException.Kind.INTERNAL, e.toString(), e);
            }
        }
        List<Task<T>> tasks = new ArrayList<>(calls.size());
        for (Callable<T> c : calls) {
            tasks.add(Task.of(c));
        }
        List<Result<T>> results = run(tasks);
        List<T> out = new ArrayList<>(results.size());
        for (Result<T> r : results) {
            if (r.isOk()) {
                out.add(r.value());
                continue;
            }
            Throwable cause = r.failure();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw switch (r.outcome()) {
                case INTERRUPTED -> new ComponentException(component, ComponentException.Kind.TIMEOUT, "interrupted");
                case TIMEOUT -> new ComponentException(component, ComponentException.Kind.TIMEOUT, "timed out", cause);
                default -> new ComponentException(component, ComponentException.Kind.INTERNAL, String.valueOf(cause), cause);
            };
        }
        return out;
    }

    /**
     * Runs {@code tasks} and returns their results in the same order.
     *
     * @param remainingNanos time left until the request deadline ({@code RecContext.remainingNanos()});
     *                       {@link Long#MAX_VALUE} for none
     */
    public <T> List<Result<T>> run(List<Task<T>> tasks, long remainingNanos) {
        int n = tasks.size();
        List<Result<T>> results = new ArrayList<>(n);
        if (n == 0) {
            return results;
        }
        long start = System.nanoTime();
        if (remainingNanos <= 0) {
            for (int i = 0; i < n; i++) {
                results.add(Result.of(Outcome.TIMEOUT, null, null));
            }
            return results;
        }
        boolean callerRunsHere = callerRuns || IN_TASK.get() != null;
        List<Job<T>> jobs = new ArrayList<>(n);
        List<Result<T>> refused = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Job<T> job = new Job<>(tasks.get(i), remainingNanos);
            jobs.add(job);
            refused.add(null);
            if (callerRunsHere && i == 0 || job.onCaller) {
                continue; // the caller runs it below
            }
            try {
                pool.execute(job.future);
            } catch (RejectedExecutionException e) {
                if (!callerRunsHere) {
                    refused.set(i, Result.of(Outcome.REJECTED, null, e));
                }
            }
        }
        for (Job<T> job : jobs) {
            if ((callerRunsHere || job.onCaller) && job.mayStart(start)) {
                job.future.run(); // a no-op when a pool thread has started it already
            }
        }
        boolean interrupted = false;
        for (int i = 0; i < n; i++) {
            Job<T> job = jobs.get(i);
            if (refused.get(i) != null) {
                results.add(refused.get(i));
            } else if (interrupted) {
                results.add(job.future.isDone() ? job.result(start) : job.cancel(Outcome.INTERRUPTED));
            } else {
                try {
                    results.add(job.await(start));
                } catch (InterruptedException e) {
                    interrupted = true;
                    results.add(job.cancel(Outcome.INTERRUPTED));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    /** A task on its way: the body wrapped to mark the thread and note when it ended. */
    private static final class Job<T> implements Callable<T> {
        final Callable<T> body;
        final Bulkhead bulkhead;
        final long allowedNanos;
        /**
         * Run by the caller one after the other: its own budget counts from when it starts (else the budgets
         * of sequential in-process tasks would add up), the request deadline from the start of the run.
         */
        final boolean onCaller;
        final long budgetNanos;
        final long remainingNanos;
        /** {@code System.nanoTime()} when the body started; read only once the future is done. */
        volatile long startedAt;
        final FutureTask<T> future = new FutureTask<>(this);
        /** {@code System.nanoTime()} when the body returned or threw; read only once the future is done. */
        volatile long finishedAt;

        Job(Task<T> task, long remainingNanos) {
            this.body = task.body;
            this.bulkhead = task.bulkhead;
            this.allowedNanos = Math.min(task.budgetNanos, remainingNanos);
            this.onCaller = task.onCaller;
            this.budgetNanos = task.budgetNanos;
            this.remainingNanos = remainingNanos;
        }

        /** Whether the caller may still start it: an on-caller task until the deadline, others within their time. */
        boolean mayStart(long start) {
            long elapsed = System.nanoTime() - start;
            return onCaller ? elapsed < remainingNanos : elapsed < allowedNanos;
        }

        /** Whether it ended past its time (see {@link #onCaller}). */
        boolean late(long start) {
            if (onCaller) {
                return budgetNanos != Long.MAX_VALUE && finishedAt - startedAt > budgetNanos
                        || remainingNanos != Long.MAX_VALUE && finishedAt - start > remainingNanos;
            }
            return allowedNanos != Long.MAX_VALUE && finishedAt - start > allowedNanos;
        }

        @Override
        public T call() throws Exception {
            startedAt = System.nanoTime();
            Bulkhead b = bulkhead;
            if (b != null && !b.tryAcquire()) {
                throw b.refusal();
            }
            boolean outer = IN_TASK.get() == null;
            IN_TASK.set(Boolean.TRUE);
            try {
                return body.call();
            } finally {
                finishedAt = System.nanoTime();
                if (outer) {
                    IN_TASK.remove();
                }
                if (b != null) {
                    b.release(); // only now: a task past its budget keeps its permit until it really ends
                }
            }
        }

        /** Waits until the task is done or its time is up (then cancels it). */
        Result<T> await(long start) throws InterruptedException {
            if (onCaller && !future.isDone()) {
                return cancel(Outcome.TIMEOUT); // the caller did not start it: the deadline had passed
            }
            try {
                if (allowedNanos == Long.MAX_VALUE) {
                    future.get();
                } else {
                    long wait = allowedNanos - (System.nanoTime() - start);
                    if (wait > 0) {
                        future.get(wait, TimeUnit.NANOSECONDS);
                    } else if (!future.isDone()) {
                        return cancel(Outcome.TIMEOUT);
                    }
                }
            } catch (TimeoutException e) {
                return cancel(Outcome.TIMEOUT);
            } catch (ExecutionException | CancellationException e) {
                // classified below
            }
            return result(start);
        }

        /**
         * The outcome of a done task: refused by its bulkhead (it never ran), else late (what ended after its
         * time is ignored), else what it returned or threw.
         */
        Result<T> result(long start) {
            T value = null;
            Throwable cause = null;
            try {
                value = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return cancel(Outcome.INTERRUPTED);
            } catch (CancellationException e) {
                return Result.of(Outcome.INTERRUPTED, null, null);
            } catch (ExecutionException e) {
                cause = e.getCause();
            }
            if (cause instanceof Bulkhead.FullException) {
                return Result.of(Outcome.REJECTED, null, cause);
            }
            if (late(start)) {
                return Result.of(Outcome.TIMEOUT, null, null);
            }
            if (cause == null) {
                return Result.of(Outcome.OK, value, null);
            }
            boolean timeout = cause instanceof ComponentException ce && ce.kind() == ComponentException.Kind.TIMEOUT;
            return Result.of(timeout ? Outcome.TIMEOUT : Outcome.FAILED, null, cause);
        }

        Result<T> cancel(Outcome outcome) {
            future.cancel(true);
            return Result.of(outcome, null, null);
        }
    }

    /**
     * One task: its body, its own budget counted from the start of {@link #run}, and the {@link Bulkhead} of
     * the component it runs for (none by default).
     */
    public static final class Task<T> {
        private final Callable<T> body;
        private final long budgetNanos;
        private final Bulkhead bulkhead;
        private final boolean onCaller;

        private Task(Callable<T> body, long budgetNanos, Bulkhead bulkhead, boolean onCaller) {
            this.body = Objects.requireNonNull(body, "body");
            this.budgetNanos = budgetNanos;
            this.bulkhead = bulkhead;
            this.onCaller = onCaller;
        }

        /** A task bounded by the deadline only. */
        public static <T> Task<T> of(Callable<T> body) {
            return new Task<>(body, Long.MAX_VALUE, null, false);
        }

        /** A task bounded by {@code budget} and the deadline. */
        public static <T> Task<T> of(Callable<T> body, long budget, TimeUnit unit) {
            return new Task<>(body, Math.max(0, unit.toNanos(budget)), null, false);
        }

        /** This task, run only while {@code bulkhead} has a free permit (null: no limit). */
        public Task<T> limitedBy(Bulkhead bulkhead) {
            return new Task<>(body, budgetNanos, bulkhead, onCaller);
        }

        /**
         * This task, run by the calling thread instead of the pool (for in-process work such as
         * {@code Recall.inProcess()}): not interrupted at its budget, a late result counts as a timeout.
         */
        public Task<T> onCaller() {
            return new Task<>(body, budgetNanos, bulkhead, true);
        }

        /** {@link #onCaller()} when {@code yes}, else this task. */
        public Task<T> onCaller(boolean yes) {
            return yes ? onCaller() : this;
        }
    }

    /** How one task ended, and what it returned. */
    public static final class Result<T> {
        private final Outcome outcome;
        private final T value;
        private final Throwable failure;

        private Result(Outcome outcome, T value, Throwable failure) {
            this.outcome = outcome;
            this.value = value;
            this.failure = failure;
        }

        static <T> Result<T> of(Outcome outcome, T value, Throwable failure) {
            return new Result<>(outcome, value, failure);
        }

        public Outcome outcome() {
            return outcome;
        }

        public boolean isOk() {
            return outcome == Outcome.OK;
        }

        /** What the task returned; null unless {@link Outcome#OK}. */
        public T value() {
            return value;
        }

        /**
         * What the task threw ({@link Outcome#FAILED}, or {@link Outcome#TIMEOUT} reported by the task), the
         * pool's {@link RejectedExecutionException} ({@link Outcome#REJECTED}); null otherwise.
         */
        public Throwable failure() {
            return failure;
        }

        @Override
        public String toString() {
            return outcome + (failure != null ? "(" + failure + ")" : outcome == Outcome.OK ? "(" + value + ")" : "");
        }
    }
}
