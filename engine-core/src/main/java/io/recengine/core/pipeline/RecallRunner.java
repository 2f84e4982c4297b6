package io.recengine.core.pipeline;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scene's recalls in parallel on the bounded recall pool ({@link Fanout}), each under its own
 * timeout and the request deadline, and merges their results in {@code RecallNames} order so the answer
 * does not depend on timing. A recall that throws, times out or cannot be scheduled contributes nothing;
 * it is logged, counted in {@code recengine_component_failures_total} and noted in the debug log.
 */
final class RecallRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RecallRunner.class);

    private final Fanout pool;
    private final EngineMetrics metrics;
    /** Meters per (scene, recall), built on first use: a registry lookup per call costs more than the recall. */
    private final java.util.concurrent.ConcurrentHashMap<String, Meters> meters = new java.util.concurrent.ConcurrentHashMap<>();

    private record Meters(io.micrometer.core.instrument.Timer duration, io.micrometer.core.instrument.DistributionSummary count) {
    }

    RecallRunner(Executor pool, EngineMetrics metrics) {
        this.pool = Fanout.on(pool);
        this.metrics = metrics;
    }

    List<Item> run(RecContext ctx, User user, List<ComponentCatalog.NamedRecall> recalls) {
        if (recalls.isEmpty()) {
            return new ArrayList<>();
        }
        List<Fanout.Task<List<Item>>> tasks = new ArrayList<>(recalls.size());
        for (ComponentCatalog.NamedRecall r : recalls) {
            tasks.add(Fanout.Task.of(() -> timed(ctx, user, r), r.timeoutMs(), TimeUnit.MILLISECONDS));
        }
        List<Fanout.Result<List<Item>>> results = pool.run(tasks, ctx.remainingNanos());
        List<Item> merged = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ComponentCatalog.NamedRecall r = recalls.get(i);
            Fanout.Result<List<Item>> result = results.get(i);
            Throwable cause = result.failure();
            switch (result.outcome()) {
                case OK -> {
                    List<Item> items = result.value();
                    if (items != null) {
                        for (Item item : items) {
                            if (item.retrieveId().isEmpty()) {
                                item.setRetrieveId(r.name());
                            }
                        }
                        merged.addAll(items);
                    }
                }
                case TIMEOUT -> fail(ctx, r.name(), "timeout",
                        cause != null ? String.valueOf(cause) : "no answer within " + r.timeoutMs() + " ms", cause);
                case FAILED -> fail(ctx, r.name(), "error", String.valueOf(cause), cause);
                case REJECTED -> fail(ctx, r.name(), "rejected", "recall pool is full", null);
                case INTERRUPTED -> fail(ctx, r.name(), "interrupted", "request thread interrupted", null);
            }
        }
        return merged;
    }

    private List<Item> timed(RecContext ctx, User user, ComponentCatalog.NamedRecall r) {
        long t0 = System.nanoTime();
        List<Item> items = r.recall().recall(ctx, user);
        long took = System.nanoTime() - t0;
        Meters m = meters.computeIfAbsent(ctx.sceneId() + '\u0000' + r.name(), k -> new Meters(
                metrics.stageTimer("recall", "scene", ctx.sceneId(), "exp_id", ctx.experimentId(), "recall", r.name()),
                metrics.recallCount(ctx.sceneId(), r.name())));
        m.duration().record(took, TimeUnit.NANOSECONDS);
        int count = items == null ? 0 : items.size();
        m.count().record(count);
        if (ctx.debug()) {
            ctx.log("INFO", "module=recall\tname=" + r.name() + "\tcount=" + count + "\tcost=" + took / 1_000_000 + "ms");
        }
        return items;
    }

    private void fail(RecContext ctx, String recall, String outcome, String message, Throwable cause) {
        metrics.failure("recall", recall, ctx.sceneId(), outcome).increment();
        ctx.log("ERROR", "module=recall\tname=" + recall + "\t" + outcome + ": " + message);
        if (cause != null && !(cause instanceof ComponentException)) {
            LOG.warn("recall {} failed (scene={}, requestId={})", recall, ctx.sceneId(), ctx.requestId(), cause);
        } else {
            LOG.warn("recall {} {} (scene={}, requestId={}): {}", recall, outcome, ctx.sceneId(), ctx.requestId(), message);
        }
    }
}
