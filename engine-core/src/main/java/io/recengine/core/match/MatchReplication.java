package io.recengine.core.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.spi.replication.UpdateLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The match engine run as one replica of a fleet ({@code MatchEngineConf.Replication}): a write is checked,
 * appended to the update log and answered once the log acknowledged it (and, within {@code ApplyWaitMs},
 * once this replica applied it: read-your-writes on the replica that took it); every replica applies the log's
 * messages in log order, and nothing else changes the tables, so all replicas converge. Snapshots of the
 * tables with the offsets they cover are written on the apply thread between batches, so a snapshot is
 * exactly the state after its offsets. Thread-safe.
 *
 * <p>Each message is applied once, at its place in its partition, by whichever comes first: the apply thread,
 * or the writer that appended it, when its acknowledgement finds every earlier message of the partition applied
 * (the usual case). The writer then answers without waiting for the log to deliver its own message back, which
 * would be one more broker round trip and a hop through the apply thread per write; the delivery that follows
 * is skipped. Both apply under {@link #progress}, so order and exactly-once hold.
 */
final class MatchReplication implements UpdateLog.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatchReplication.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A bound over the log's own delivery timeout: only a hung log client ever reaches it. */
    private static final long APPEND_LIMIT_MS = 60_000;

    private final UpdateLog log;
    private final MatchUpdates updates;
    private final MatchTables tables;
    private final MatchConfig.Replication conf;
    private final LongSupplier clock;
    /** Partition -> the next offset to apply. Written under {@link #progress} only. */
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Counter appliedMessages;
    private final Counter failedMessages;
    private final Counter appendsAcknowledged;
    private final Counter appendsFailed;
    private final long subscribedAt;
    /** The append time of the last message applied, -1 before the first. */
    private volatile long lastAppliedTimestamp = -1;
    /** The end offsets seen first: replay is over once they are applied. */
    private volatile Map<Integer, Long> replayTarget;
    private volatile boolean replaying = true;
    /** Apply thread only. */
    private long lastSnapshot;
    /** Guarded by {@link #progress}. */
    private boolean changedSinceSnapshot;

    private MatchReplication(UpdateLog log, MatchUpdates updates, MatchTables tables, MatchConfig.Replication conf,
                             LongSupplier clock, MeterRegistry registry) {
        this.log = log;
        this.updates = updates;
        this.tables = tables;
        this.conf = conf;
        this.clock = clock;
        this.subscribedAt = clock.getAsLong();
        this.lastSnapshot = subscribedAt;
        String desc = "Update-log messages applied to the match engine's tables (failed: refused by this replica)";
        this.appliedMessages = Counter.builder("recengine.match.replication.messages").tag("outcome", "applied")
                .description(desc).register(registry);
        this.failedMessages = Counter.builder("recengine.match.replication.messages").tag("outcome", "failed")
                .description(desc).register(registry);
        String appends = "Writes (/sendmsg) appended to the update log: acknowledged, or failed (the client got errno 1)";
        this.appendsAcknowledged = Counter.builder("recengine.match.replication.appends").tag("outcome", "acknowledged")
                .description(appends).register(registry);
        this.appendsFailed = Counter.builder("recengine.match.replication.appends").tag("outcome", "failed")
                .description(appends).register(registry);
        Gauge.builder("recengine.match.replication.lag.messages", this, r -> r.status().lagMessages())
                .description("Update-log messages not applied yet by this replica").register(registry);
        Gauge.builder("recengine.match.replication.lag.seconds", this, r -> r.status().lagSeconds())
                .description("How old the last applied update-log message is while messages wait (0 when caught up)")
                .register(registry);
        Gauge.builder("recengine.match.replication.replaying", this, r -> r.replaying ? 1 : 0)
                .description("1 while the replica replays the update log on start (not ready)").register(registry);
    }

    /** Subscribes to the log from the offsets the loaded snapshot covers (empty: from the beginning). */
    static MatchReplication start(UpdateLog log, MatchUpdates updates, MatchTables tables,
                                  MatchConfig.Replication conf, Map<Integer, Long> from, LongSupplier clock,
                                  MeterRegistry registry) {
        MatchReplication r = new MatchReplication(log, updates, tables, conf, clock, registry);
        r.applied.putAll(from);
        LOG.info("match engine replication: {}, replaying from {}", log.describe(), from.isEmpty() ? "the beginning"
                : new TreeMap<>(from));
        log.subscribe(Map.copyOf(from), r);
        return r;
    }

    /** Checks, appends, waits for the acknowledgement (and briefly for the local apply). Never throws. */
    MatchService.WriteOutcome write(String table, String msg) {
        MatchUpdates.Checked c = updates.check(table, msg);
        if (c.problem() != null) {
            return MatchService.WriteOutcome.refused(c.problem());
        }
        MatchUpdates.Change change = c.change();
        ObjectNode value = JSON.createObjectNode().put("table", change.table()).put("msg", change.message());
        UpdateLog.Position at;
        try {
            at = log.append(change.table() + "/" + change.key(), JSON.writeValueAsBytes(value))
                    .get(APPEND_LIMIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            appendsFailed.increment();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("update not written: {} refused the append: {}", log.describe(), cause.toString());
            return MatchService.WriteOutcome.unavailable("update not written: the replication log (" + log.describe()
                    + ") is unavailable: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()));
        } catch (TimeoutException e) {
            appendsFailed.increment();
            return MatchService.WriteOutcome.unavailable("the replication log (" + log.describe()
                    + ") did not acknowledge within " + APPEND_LIMIT_MS + " ms; the update may still be applied");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            appendsFailed.increment();
            return MatchService.WriteOutcome.unavailable("interrupted while waiting for the replication log");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // an in-memory tree of two strings always serialises
        }
        appendsAcknowledged.increment();
        awaitApplied(at, change, conf.applyWaitMs());
        return MatchService.WriteOutcome.applied();
    }

    /**
     * Waits until this replica applied {@code at} or {@code limitMs} passed (the write is durable either way);
     * applies it here as soon as it is next in its partition.
     */
    private void awaitApplied(UpdateLog.Position at, MatchUpdates.Change change, long limitMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        synchronized (progress) {
            while (applied.getOrDefault(at.partition(), 0L) <= at.offset()) {
                if (!replaying && applied.getOrDefault(at.partition(), 0L) == at.offset()) {
                    // every earlier message of the partition is applied: this one is next
                    apply(at.partition(), at.offset(), change.table(), change.message());
                    progress.notifyAll();
                    return;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void onMessages(List<UpdateLog.Message> batch, Map<Integer, Long> positions) {
        synchronized (progress) {
            for (UpdateLog.Message m : batch) {
                if (m.offset() < applied.getOrDefault(m.partition(), 0L)) {
                    // its writer applied it on the acknowledgement
                    lastAppliedTimestamp = m.timestampMillis();
                    continue;
                }
                String table;
                String msg;
                try {
                    JsonNode v = JSON.readTree(m.value());
                    table = v == null ? null : v.path("table").asText();
                    msg = v == null ? null : v.path("msg").asText();
                } catch (IOException | RuntimeException e) {
                    table = null;
                    msg = e.toString();
                }
                if (table == null) {
                    failedMessages.increment();
                    LOG.warn("update-log message {}@{} not applied: {}", m.partition(), m.offset(),
                            msg == null ? "not JSON" : msg);
                    applied.put(m.partition(), m.offset() + 1);
                } else {
                    apply(m.partition(), m.offset(), table, msg);
                }
                lastAppliedTimestamp = m.timestampMillis();
            }
            positions.forEach((p, next) -> applied.merge(p, next, Math::max));
            if (!batch.isEmpty()) {
                progress.notifyAll();
            }
        }
        if (replaying) {
            checkReplayDone();
        }
        long now = clock.getAsLong();
        if (conf.snapshotDir() != null && now - lastSnapshot >= conf.snapshotIntervalMs()) {
            synchronized (progress) {
                // under the lock: no writer applies while the tables and their offsets are written
                if (changedSinceSnapshot) {
                    snapshot();
                    lastSnapshot = now;
                }
            }
        }
    }

    /** Applies the message at {@code partition@offset}, the next one of its partition; under {@link #progress}. */
    private void apply(int partition, long offset, String table, String msg) {
        String problem;
        try {
            problem = updates.write(table, msg);
        } catch (RuntimeException e) {
            problem = e.toString();
        }
        if (problem == null) {
            appliedMessages.increment();
        } else {
            // every replica refuses alike (same config): counted and skipped, never retried
            failedMessages.increment();
            LOG.warn("update-log message {}@{} not applied: {}", partition, offset, problem);
        }
        applied.put(partition, offset + 1);
        changedSinceSnapshot = true;
    }

    private void checkReplayDone() {
        Map<Integer, Long> target = replayTarget;
        if (target == null) {
            Map<Integer, Long> end = log.endOffsets();
            if (end.isEmpty()) {
                return;
            }
            target = Map.copyOf(end);
            replayTarget = target;
        }
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
            if (applied.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return;
            }
        }
        replaying = false;
        LOG.info("match engine replication: replay done ({} ms), offsets {}", clock.getAsLong() - subscribedAt,
                new TreeMap<>(applied));
    }

    /** Writes a snapshot of the current tables and offsets; apply thread (or after the log stopped) only. */
    private void snapshot() {
        long t0 = System.nanoTime();
        try {
            MatchSnapshot.write(conf.snapshotDir(), tables, log.describe(), new HashMap<>(applied));
            changedSinceSnapshot = false;
            LOG.debug("match snapshot written in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (IOException | RuntimeException e) {
            // the previous snapshot stays; a restart replays a little more
            LOG.warn("match snapshot not written to {}: {}", conf.snapshotDir(), e.toString());
        }
    }

    /** Lag, readiness and offsets, for {@code /health}. */
    Status status() {
        Map<Integer, Long> end = log.endOffsets();
        long lag = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            lag += Math.max(0, e.getValue() - applied.getOrDefault(e.getKey(), 0L));
        }
        double seconds = 0;
        if (lag > 0) {
            long since = lastAppliedTimestamp > 0 ? lastAppliedTimestamp : subscribedAt;
            seconds = Math.max(0, clock.getAsLong() - since) / 1000.0;
        }
        return new Status(log.describe(), log.available(), replaying, lag, seconds, new TreeMap<>(applied),
                new TreeMap<>(end));
    }

    /**
     * A replica's replication state.
     *
     * @param replaying   true from start until the log's end offsets seen first are applied (not ready)
     * @param lagMessages messages in the log not applied yet
     * @param lagSeconds  how old the last applied message is while messages wait; 0 when caught up
     */
    record Status(String log, boolean available, boolean replaying, long lagMessages, double lagSeconds,
                  Map<Integer, Long> applied, Map<Integer, Long> endOffsets) {
    }

    /** Stops the log (its apply thread ends), then writes a last snapshot. */
    @Override
    public void close() {
        try {
            log.close();
        } finally {
            synchronized (progress) {
                if (conf.snapshotDir() != null && changedSinceSnapshot) {
                    snapshot();
                }
            }
        }
    }
}
