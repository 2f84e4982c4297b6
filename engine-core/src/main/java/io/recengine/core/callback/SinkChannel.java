package io.recengine.core.callback;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One callback sink with its spill log and replayer thread.
 *
 * <p>Healthy: workers write batches straight to the sink, concurrently. When a write throws, the batch goes
 * to the spill log and the channel turns <em>degraded</em>: from then on every batch is appended to the
 * spill (so order is kept) and only the replayer talks to the sink, one batch at a time, in spill order,
 * retrying every {@code retryIntervalMs} until a write succeeds. When the spill is drained the channel is
 * healthy again. A spill left on disk at shutdown is replayed by the next start.
 *
 * <p>A batch that can be neither written nor spilled (the spill's disk is full) is not dropped:
 * {@link #write} says so and {@link CallbackService} keeps it in its journal and tries again.
 *
 * <p>Delivery is at-least-once: a write that fails after the destination stored part of it (a timeout
 * after the broker appended) is written again from the spill.
 */
final class SinkChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkChannel.class);

    private final String name;
    private final CallbackSink sink;
    private final SpillLog spill;
    private final long retryIntervalMs;
    private final CallbackCounters counts;
    private final Object monitor = new Object();
    private final Thread replayer;
    private volatile boolean degraded;
    private volatile boolean stopping;
    /** The last spill append failed (logged once until it works again). Guarded by the monitor. */
    private boolean spillFailing;

    SinkChannel(String name, CallbackSink sink, Path spillDir, long segmentBytes, boolean fsync, long retryIntervalMs,
                MeterRegistry registry) throws IOException {
        this.name = name;
        this.sink = sink;
        this.spill = new SpillLog(spillDir, segmentBytes, fsync);
        this.retryIntervalMs = retryIntervalMs;
        this.counts = CallbackCounters.of(registry);
        this.degraded = !spill.isEmpty();
        if (degraded) {
            LOG.info("callback sink {}: {} bytes left in the spill {}, replaying", name, spill.backlogBytes(), spillDir);
        }
        Gauge.builder("recengine.callback.spill.backlog", spill, SpillLog::backlogBytes).baseUnit("bytes")
                .description("Spilled callback bytes not yet replayed").tag("sink", name).register(registry);
        this.replayer = new Thread(this::replayLoop, "recengine-callback-replay-" + name);
        replayer.setDaemon(true);
        replayer.start();
    }

    String name() {
        return name;
    }

    boolean degraded() {
        return degraded;
    }

    /**
     * Writes or spills one batch. Rows written directly count as {@code written}, or as {@code replayed} when
     * {@code fromJournal} (callbacks accepted before a restart). Never throws.
     *
     * @return false when the rows could be neither written nor spilled (the spill's disk is full): nothing
     *         was kept, the caller still holds them (in the journal) and tries again later
     */
    boolean write(String scene, List<CallbackRow> rows, boolean fromJournal) {
        if (!degraded) {
            try {
                sink.write(rows);
                counts.rows(scene, name, fromJournal ? "replayed" : "written", rows.size());
                return true;
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("callback sink {} failed, spilling and replaying: {}", name, e.toString());
            }
        }
        synchronized (monitor) {
            try {
                spill.append(rows);
                counts.rows(scene, name, "spilled", rows.size());
            } catch (IOException | RuntimeException e) {
                if (!spillFailing) {
                    LOG.error("callback sink {}: cannot write the spill ({}): {} rows kept in the callback journal, "
                            + "retried", name, e.toString(), rows.size());
                }
                spillFailing = true;
                return false;
            }
            if (spillFailing) {
                LOG.info("callback sink {}: the spill is writable again", name);
                spillFailing = false;
            }
            if (!degraded) {
                degraded = true;
            }
            monitor.notifyAll();
        }
        return true;
    }

    /** For tests: the spill opens its next segments through {@code files} (a disk that fills up). */
    void spillFiles(LogFiles files) {
        spill.files(files);
    }

    private void replayLoop() {
        while (true) {
            try {
                synchronized (monitor) {
                    while (!degraded && !stopping) {
                        monitor.wait(1000);
                    }
                    if (!degraded && stopping) {
                        return;
                    }
                }
                if (!replayOne()) {
                    if (stopping) {
                        return;
                    }
                    sleep(retryIntervalMs);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("callback sink {}: replay loop error", name, e);
                if (!sleep(retryIntervalMs)) {
                    return;
                }
            }
        }
    }

    /** Replays the oldest batch; true when there was progress (or nothing to do). */
    private boolean replayOne() {
        SpillLog.Batch b;
        try {
            b = spill.peek();
        } catch (IOException e) {
            LOG.warn("callback sink {}: cannot read the spill: {}", name, e.toString());
            return false;
        }
        if (b != null && b.rows() == null) {
            LOG.error("callback sink {}: unreadable spill batch skipped (its rows are lost)", name);
            counts.rows("", name, "failed", 1);
            try {
                spill.commit(b);
            } catch (IOException e) {
                LOG.error("callback sink {}: cannot save the spill offset", name, e);
            }
            return true;
        }
        if (b == null) {
            synchronized (monitor) {
                if (spill.isEmpty()) {
                    degraded = false;
                    LOG.info("callback sink {}: spill replayed, writing directly again", name);
                }
            }
            return true;
        }
        try {
            sink.write(b.rows());
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("callback sink {} still failing: {}", name, e.toString());
            return false;
        }
        try {
            spill.commit(b);
        } catch (IOException e) {
            LOG.error("callback sink {}: cannot save the spill offset", name, e);
        }
        String scene = b.rows().isEmpty() ? "" : String.valueOf(b.rows().get(0).text("scene"));
        counts.rows(scene, name, "replayed", b.rows().size());
        return true;
    }

    private static boolean sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the replayer after giving it up to {@code drainMillis} to empty the spill; what is left stays
     * on disk for the next start.
     */
    void stop(long drainMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        while (degraded && System.nanoTime() < deadline) {
            sleep(20);
        }
        stopping = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        try {
            // not interrupted: an interrupt would close the spill's file channels under the replayer
            replayer.join(retryIntervalMs + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (degraded) {
            LOG.warn("callback sink {}: {} spilled bytes left on disk, replayed at the next start", name,
                    spill.backlogBytes());
        }
    }

    @Override
    public void close() {
        try {
            spill.close();
        } catch (IOException e) {
            LOG.warn("closing the spill of {}: {}", name, e.toString());
        }
    }
}
