package io.recengine.spi.concurrent;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A per-component concurrency limit on a shared pool: at most {@link #limit()} tasks of one component
 * (a recall, a rank model, a feature DAO) hold a thread at once. A task that is not done by its budget
 * and ignores interruption keeps its permit until it really ends, so a component that hangs throttles
 * itself and leaves the rest of the pool to the other components and scenes.
 *
 * <p>{@link Fanout} takes the permit when a thread starts the task's body (a queued task holds none) and
 * returns it when the body returns or throws; a task whose component is at its limit when a thread takes
 * it is not run but answered {@link Fanout.Outcome#REJECTED}, its failure a {@link FullException}, and the
 * thread goes on with the next task. Code that hands
 * work to an executor without {@link Fanout} uses {@link #tryAcquire()} and {@link #release()} itself.
 *
 * <p>Thread-safe; one instance per component and pool, shared by every request and scene that uses the
 * component.
 */
public final class Bulkhead {

    private final String name;
    private final int limit;
    private final AtomicInteger inUse = new AtomicInteger();

    private Bulkhead(String name, int limit) {
        this.name = Objects.requireNonNull(name, "name");
        if (limit < 1) {
            throw new IllegalArgumentException("bulkhead '" + name + "': limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /**
     * A bulkhead of component {@code name} letting at most {@code limit} of its tasks run at once.
     *
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    public static Bulkhead of(String name, int limit) {
        return new Bulkhead(name, limit);
    }

    /** The component it limits, as messages and metrics name it. */
    public String name() {
        return name;
    }

    public int limit() {
        return limit;
    }

    /** Permits held now: tasks of the component running, including those past their budget. */
    public int inUse() {
        return inUse.get();
    }

    /** True when every permit is held (a new task would be refused). */
    public boolean isFull() {
        return inUse.get() >= limit;
    }

    /** Takes a permit if one is free; a caller that got one must {@link #release()} it exactly once. */
    public boolean tryAcquire() {
        while (true) {
            int n = inUse.get();
            if (n >= limit) {
                return false;
            }
            if (inUse.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a permit taken by {@link #tryAcquire()}. */
    public void release() {
        inUse.decrementAndGet();
    }

    /** The failure of a task refused because this bulkhead is full (cheap: no stack trace). */
    public FullException refusal() {
        return new FullException(this);
    }

    @Override
    public String toString() {
        return "Bulkhead{" + name + ", " + inUse.get() + "/" + limit + "}";
    }

    /**
     * A task refused because its component's bulkhead was full: what {@link Fanout.Result#failure()} holds
     * for such a {@link Fanout.Outcome#REJECTED}. Cheap (no stack trace): under a hanging dependency every
     * request makes one.
     */
    public static final class FullException extends RejectedExecutionException {

        private static final long serialVersionUID = 1L;

        private final transient Bulkhead bulkhead;

        FullException(Bulkhead bulkhead) {
            super("bulkhead '" + bulkhead.name + "' full: " + bulkhead.limit + " task(s) of it running");
            this.bulkhead = bulkhead;
        }

        /** The bulkhead that refused the task. */
        public Bulkhead bulkhead() {
            return bulkhead;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
