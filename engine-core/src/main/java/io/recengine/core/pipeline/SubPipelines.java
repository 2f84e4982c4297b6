package io.recengine.core.pipeline;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scene's {@code PipelineConfs[scene]}: the mini-pipelines start after the user features, run beside the
 * scene's recall → filter → coarse rank → features → rank, and their items are merged in before the
 * scene's sorts ({@link #merge}). Each runs on the {@link StagePool} (on the request thread when the pool
 * is full); the scene waits for them until the request deadline, and a pipeline that fails or is late
 * adds nothing (logged and counted as {@code recengine_component_failures_total{kind="pipeline"}}).
 * Immutable.
 */
final class SubPipelines {

    private static final Logger LOG = LoggerFactory.getLogger(SubPipelines.class);

    static final SubPipelines NONE = new SubPipelines("", List.of(), Runnable::run, null);

    private final String scene;
    private final List<SubPipeline> pipelines;
    private final Executor pool;
    private final EngineMetrics metrics;

    SubPipelines(String scene, List<SubPipeline> pipelines, Executor pool, EngineMetrics metrics) {
        this.scene = scene;
        this.pipelines = List.copyOf(pipelines);
        this.pool = pool;
        this.metrics = metrics;
    }

    /** The mini-pipelines in config order (experiment parameters replace some of them per request). */
    List<SubPipeline> pipelines() {
        return pipelines;
    }

    /** The same mini-pipelines' runner over {@code replaced} (same pool and metrics). */
    SubPipelines with(List<SubPipeline> replaced) {
        return new SubPipelines(scene, replaced, pool, metrics);
    }

    boolean isEmpty() {
        return pipelines.isEmpty();
    }

    /** The started pipelines of one request; {@link #await} collects their items. */
    final class Running {
        private final RecContext ctx;
        private final User user;
        /** Per pipeline: its future, or null when it could not be handed to the pool (run at {@link #await}). */
        private final List<CompletableFuture<List<Item>>> futures;
        /** Per pipeline: its part of the request's trace; null when the request is not traced. */
        private final List<RequestTrace> parts;

        private Running(RecContext ctx, User user, List<CompletableFuture<List<Item>>> futures, List<RequestTrace> parts) {
            this.ctx = ctx;
            this.user = user;
            this.futures = futures;
            this.parts = parts;
        }

        /** The pipelines' parts of the request's trace, in config order; null when the request is not traced. */
        List<RequestTrace> parts() {
            return parts;
        }

        /** Every pipeline's items in config order, concatenated; a failed or late pipeline adds none. */
        List<Item> await() {
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                SubPipeline p = pipelines.get(i);
                CompletableFuture<List<Item>> f = futures.get(i);
                try {
                    if (f == null) {
                        out.addAll(run(p, ctx, user, part(i)));
                        continue;
                    }
                    long left = ctx.remainingNanos();
                    out.addAll(left == Long.MAX_VALUE ? f.get() : f.get(Math.max(0, left), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    failed(i, p, "timeout", e);
                } catch (ExecutionException e) {
                    failed(i, p, FailureText.label(e.getCause()), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed(i, p, "interrupted", e);
                } catch (RuntimeException e) {
                    failed(i, p, FailureText.label(e), e);
                }
            }
            return out;
        }

        private RequestTrace part(int i) {
            return parts == null ? null : parts.get(i);
        }

        private void failed(int i, SubPipeline p, String outcome, Throwable cause) {
            if (parts != null) {
                parts.get(i).partFailed(outcome);
            }
            metrics.failure("pipeline", p.name(), scene, outcome).increment();
            LOG.warn("pipeline {} adds nothing (scene={}, requestId={}, outcome={})", p.name(), scene,
                    ctx.requestId(), outcome, cause);
            ctx.log("ERROR", "module=pipeline\tpipeline=" + p.name() + "\t" + FailureText.of("pipeline '" + p.name() + "'", cause));
        }
    }

    /** Starts every pipeline; null when the scene has none. */
    Running start(RecContext ctx, User user) {
        return start(ctx, user, null);
    }

    /**
     * Starts every pipeline, each recording its steps in a {@link RequestTrace#part} of {@code trace} (null
     * for none); null when the scene has none.
     */
    Running start(RecContext ctx, User user, RequestTrace trace) {
        if (pipelines.isEmpty()) {
            return null;
        }
        List<CompletableFuture<List<Item>>> futures = new ArrayList<>(pipelines.size());
        List<RequestTrace> parts = trace == null ? null : new ArrayList<>(pipelines.size());
        for (SubPipeline p : pipelines) {
            RequestTrace part = trace == null ? null : trace.part(p.name());
            if (parts != null) {
                parts.add(part);
            }
            CompletableFuture<List<Item>> f = new CompletableFuture<>();
            try {
                pool.execute(() -> {
                    try {
                        f.complete(run(p, ctx, user, part));
                    } catch (Throwable t) {
                        f.completeExceptionally(t);
                    }
                });
                futures.add(f);
            } catch (RejectedExecutionException e) {
                futures.add(null);
            }
        }
        return new Running(ctx, user, futures, parts);
    }

    private static List<Item> run(SubPipeline p, RecContext ctx, User user, RequestTrace part) {
        List<Item> items = p.run(ctx, user, part);
        if (part != null) {
            part.partEnded(items.size());
        }
        return items;
    }

    /**
     * PAI-Rec's merge of the pipelines' items into the scene's ranked items: an item already there (same
     * id) takes the pipeline item's properties over its own (score and algo scores stay); another is
     * appended, in order. Ids repeated among the pipelines merge the same way. Returns {@code items}
     * (made mutable if needed) with the additions.
     */
    static List<Item> merge(List<Item> items, List<Item> pipelineItems) {
        List<Item> out = items instanceof ArrayList ? items : new ArrayList<>(items);
        if (pipelineItems.isEmpty()) {
            return out;
        }
        Map<String, Item> byId = new HashMap<>(out.size() * 2);
        for (Item it : out) {
            byId.put(it.id(), it); // the last of repeated ids takes the properties, as PAI-Rec's map does
        }
        for (Item p : pipelineItems) {
            Item seen = byId.get(p.id());
            if (seen != null) {
                seen.setProperties(p.properties());
            } else {
                byId.put(p.id(), p);
                out.add(p);
            }
        }
        return out;
    }
}
