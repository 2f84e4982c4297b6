package io.recengine.core.pipeline;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.Bulkhead;
import io.recengine.spi.concurrent.FailureText;
import io.recengine.spi.concurrent.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a scene's recalls in parallel on the bounded recall pool ({@link Fanout}), each under its own
 * timeout and the request deadline and within its {@link Bulkhead} (at most its limit of pool threads at
 * once, so a recall that hangs cannot take the threads of the others), and merges their results in
 * {@code RecallNames} order so the answer does not depend on timing. A recall that throws, times out or
 * cannot be scheduled contributes nothing; it is logged (with the cause), counted in
 * {@code recengine_component_failures_total} (outcome {@code error}, {@code timeout}, {@code rejected},
 * {@code bulkhead}) and noted in the debug log and the caller's error list in {@link FailureText}'s neutral
 * words.
 */
final class RecallRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RecallRunner.class);

    private final Fanout pool;
    private final EngineMetrics metrics;
    private final Function<String, Bulkhead> bulkheads;
    /**
     * Meters per (scene, exp_id, recall), built on first use: a registry lookup per call costs more than the
     * recall. Past {@link #MAX_METERS} sets, new experiments count under {@code exp_id=""} (bounded cardinality).
     */
    private final ConcurrentHashMap<MeterKey, Meters> meters = new ConcurrentHashMap<>();
    private static final int MAX_METERS = 5_000;

    private record MeterKey(String scene, String expId, String recall) {
    }

    private record Meters(io.micrometer.core.instrument.Timer duration, io.micrometer.core.instrument.DistributionSummary count) {
    }

    /** Recalls without concurrency limits. */
    RecallRunner(Executor pool, EngineMetrics metrics) {
        this(pool, metrics, name -> null);
    }

    /** @param bulkheads the bulkhead of a recall by name; null for none */
    RecallRunner(Executor pool, EngineMetrics metrics, Function<String, Bulkhead> bulkheads) {
        this.pool = Fanout.on(pool);
        this.metrics = metrics;
        this.bulkheads = bulkheads;
    }

    List<Item> run(RecContext ctx, User user, List<ComponentCatalog.NamedRecall> recalls) {
        return run(ctx, user, recalls, null);
    }

    /**
     * Runs {@code recalls} and returns their merged items.
     *
     * @param errors where every failed recall is added, in {@code RecallNames} order;
     *               null when the caller does not show them
     */
    List<Item> run(RecContext ctx, User user, List<ComponentCatalog.NamedRecall> recalls, List<RecallFailure> errors) {
        return run(ctx, user, recalls, errors, null);
    }

    /** {@link #run(RecContext, User, List, List)}, telling {@code trace} each recall's answer; null for none. */
    List<Item> run(RecContext ctx, User user, List<ComponentCatalog.NamedRecall> recalls, List<RecallFailure> errors,
                   RequestTrace trace) {
        if (recalls.isEmpty()) {
            return new ArrayList<>();
        }
        List<Fanout.Task<List<Item>>> tasks = new ArrayList<>(recalls.size());
        for (ComponentCatalog.NamedRecall r : recalls) {
            tasks.add(Fanout.Task.of(() -> timed(ctx, user, r, trace), r.timeoutMs(), TimeUnit.MILLISECONDS)
                    .limitedBy(bulkheads.apply(r.name())).onCaller(r.recall().inProcess()));
        }
        long remaining = ctx.remainingNanos();
        List<Fanout.Result<List<Item>>> results = pool.run(tasks, remaining);
        int total = 0;
        for (Fanout.Result<List<Item>> result : results) {
            total += result.isOk() && result.value() != null ? result.value().size() : 0;
        }
        List<Item> merged = new ArrayList<>(total); // sized once: no regrowth copies of a thousand items
        for (int i = 0; i < results.size(); i++) {
            ComponentCatalog.NamedRecall r = recalls.get(i);
            Fanout.Result<List<Item>> result = results.get(i);
            if (result.isOk()) {
                List<Item> items = result.value();
                if (items != null) {
                    for (Item item : items) {
                        if (item.retrieveId().isEmpty()) {
                            item.setRetrieveId(r.name());
                        }
                    }
                    merged.addAll(items);
                }
            } else {
                // a timeout names the recall's budget unless the request deadline came first
                long budgetMs = TimeUnit.MILLISECONDS.toNanos(r.timeoutMs()) <= remaining ? r.timeoutMs() : 0;
                fail(ctx, r, result, budgetMs, errors);
                if (trace != null) trace.recallFailed(r.name(), FailureText.label(result));
            }
        }
        return merged;
    }

    private List<Item> timed(RecContext ctx, User user, ComponentCatalog.NamedRecall r, RequestTrace trace) {
        long t0 = System.nanoTime();
        List<Item> items = r.recall().recall(ctx, user);
        long took = System.nanoTime() - t0;
        if (trace != null) trace.recall(r.name(), items, took);
        MeterKey key = new MeterKey(ctx.sceneId(), ctx.experimentId(), r.name());
        Meters m = meters.get(key);
        if (m == null) {
            if (meters.size() >= MAX_METERS) {
                key = new MeterKey(ctx.sceneId(), "", r.name());
            }
            m = meters.computeIfAbsent(key, k -> new Meters(
                    metrics.stageTimer("recall", "scene", k.scene(), "exp_id", k.expId(), "recall", k.recall()),
                    metrics.recallCount(k.scene(), k.recall())));
        }
        m.duration().record(took, TimeUnit.NANOSECONDS);
        int count = items == null ? 0 : items.size();
        m.count().record(count);
        if (ctx.debug()) {
            ctx.log("INFO", "module=recall\tname=" + r.name() + "\tcount=" + count + "\tcost=" + took / 1_000_000 + "ms");
        }
        return items;
    }

    /** Counts and logs a failed recall: the cause in the engine's log, the neutral text for the client. */
    private void fail(RecContext ctx, ComponentCatalog.NamedRecall r, Fanout.Result<?> result, long budgetMs,
                      List<RecallFailure> errors) {
        String outcome = FailureText.label(result);
        String text = FailureText.of("recall '" + r.name() + "'", result, budgetMs);
        metrics.failure("recall", r.name(), ctx.sceneId(), outcome).increment();
        ctx.log("ERROR", "module=recall\tname=" + r.name() + "\t" + text);
        if (errors != null) {
            errors.add(new RecallFailure(r.name(), outcome, text));
        }
        Throwable cause = result.failure();
        if (result.outcome() == Fanout.Outcome.FAILED && !(cause instanceof ComponentException)) {
            LOG.warn("{} (scene={}, requestId={})", text, ctx.sceneId(), ctx.requestId(), cause);
        } else {
            LOG.warn("{} (scene={}, requestId={}){}", text, ctx.sceneId(), ctx.requestId(),
                    cause == null ? "" : ": " + cause);
        }
    }
}
