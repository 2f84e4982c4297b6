package io.recengine.core.callback;

import io.recengine.core.pipeline.Dependency;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A callback sink whose remote may be down when the engine starts. The plugin's sink is created at once
 * when possible; when its factory fails because the remote cannot be reached
 * ({@link Dependency#isUnreachable}), the engine starts anyway with this sink <em>down</em>: every write
 * throws at once, so the {@link SinkChannel} spills the rows, and its replayer's retries create the sink
 * again, at most once per backoff interval (doubling from {@code CallbackRetryIntervalMs} up to
 * {@link #MAX_BACKOFF_MS}). A factory failure that is not about reachability is a config error and refuses
 * the start, as before. Also tracks whether the last write went through, for {@code /health}.
 * Thread-safe: one thread creates, the others fail fast meanwhile.
 */
final class RecreatingSink implements CallbackSink {

    private static final Logger LOG = LoggerFactory.getLogger(RecreatingSink.class);

    /** The longest wait between two creation attempts. */
    static final long MAX_BACKOFF_MS = 60_000;

    private final String name;
    private final Supplier<CallbackSink> factory;
    private final LongSupplier nanoClock;
    private final long initialBackoffNanos;
    private final ReentrantLock creating = new ReentrantLock();
    private volatile CallbackSink sink;
    private volatile boolean lastWriteFailed;
    private volatile boolean closed;
    private long backoffNanos;
    private long nextAttemptNanos;
    private int attempts;

    private RecreatingSink(String name, Supplier<CallbackSink> factory, LongSupplier nanoClock, long initialBackoffMs) {
        this.name = name;
        this.factory = factory;
        this.nanoClock = nanoClock;
        this.initialBackoffNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(initialBackoffMs, MAX_BACKOFF_MS)));
        this.backoffNanos = initialBackoffNanos;
    }

    /**
     * Creates the sink through {@code factory}, or a down sink when the remote is unreachable.
     *
     * @param factory creates the plugin's sink (throws on failure)
     * @throws ConfigException when the factory fails for another reason than reachability
     */
    static RecreatingSink open(String name, Supplier<CallbackSink> factory, LongSupplier nanoClock,
                               long initialBackoffMs) {
        RecreatingSink s = new RecreatingSink(name, factory, nanoClock, initialBackoffMs);
        try {
            s.sink = factory.get();
        } catch (RuntimeException | LinkageError e) {
            if (!Dependency.isUnreachable(e)) {
                throw e instanceof ConfigException ce ? ce
                        : new ConfigException("callback sink " + name, "", "could not be created: " + e, e);
            }
            LOG.warn("callback sink {} is down at start ({}); the engine starts, callbacks are spilled to disk and the "
                    + "sink is created again on later writes", name, e.toString());
            s.attempts = 1;
            s.nextAttemptNanos = nanoClock.getAsLong() + s.backoffNanos;
        }
        return s;
    }

    @Override
    public void write(List<CallbackRow> rows) {
        CallbackSink s = sink != null ? sink : tryCreate();
        try {
            s.write(rows);
            lastWriteFailed = false;
        } catch (RuntimeException | LinkageError e) {
            lastWriteFailed = true;
            throw e;
        }
    }

    /** Creates the sink when the backoff allows; throws fast while it cannot. */
    private CallbackSink tryCreate() {
        if (!creating.tryLock()) {
            throw down("being created by another thread");
        }
        try {
            if (sink != null) {
                return sink;
            }
            if (closed) {
                throw down("closed");
            }
            long now = nanoClock.getAsLong();
            if (now - nextAttemptNanos < 0) {
                throw down("next creation attempt in " + TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - now) + " ms");
            }
            attempts++;
            try {
                CallbackSink created = factory.get();
                LOG.info("callback sink {} created after {} attempts; writing again", name, attempts);
                backoffNanos = initialBackoffNanos;
                sink = created;
                return created;
            } catch (RuntimeException | LinkageError e) {
                backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(MAX_BACKOFF_MS));
                nextAttemptNanos = nanoClock.getAsLong() + backoffNanos;
                LOG.warn("callback sink {}: creation attempt {} failed, next in {} ms: {}", name, attempts,
                        TimeUnit.NANOSECONDS.toMillis(backoffNanos), e.toString());
                throw new ComponentException("callback sink " + name, ComponentException.Kind.DEPENDENCY,
                        "cannot be created: " + e.getMessage(), e);
            }
        } finally {
            creating.unlock();
        }
    }

    private ComponentException down(String why) {
        lastWriteFailed = true;
        return new ComponentException("callback sink " + name, ComponentException.Kind.DEPENDENCY, "down: " + why);
    }

    /** Whether the plugin's sink exists (false while its remote has been unreachable since start). */
    boolean created() {
        return sink != null;
    }

    /** The sink's state for {@code /health}: down while not created or while its last write failed. */
    Dependency status() {
        if (sink == null) {
            return new Dependency(Dependency.CALLBACK_SINK, name, false, "not created: remote unreachable; retrying");
        }
        if (lastWriteFailed) {
            return new Dependency(Dependency.CALLBACK_SINK, name, false, "writes failing; rows spilled for replay");
        }
        return new Dependency(Dependency.CALLBACK_SINK, name, true, "up");
    }

    /** Closes the plugin's sink if it was created; no creation afterwards. */
    @Override
    public void close() {
        creating.lock();
        try {
            closed = true;
            CallbackSink s = sink;
            if (s != null) {
                s.close();
            }
        } finally {
            creating.unlock();
        }
    }

    @Override
    public String toString() {
        return "RecreatingSink{" + name + (sink == null ? ", down" : "") + "}";
    }
}
