package io.recengine.core.request;

import io.recengine.core.experiment.ExperimentResult;
import io.recengine.core.experiment.Experiments;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.pipeline.PipelineAnswer;
import io.recengine.core.pipeline.ScenePipeline;
import io.recengine.core.pipeline.Stages;
import io.recengine.core.pipeline.RequestUsers;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Feed and recall requests: run the current generation's scene pipeline and schedule the after-response
 * work. Typed in, typed out; the wire formats are the server's. Thread-safe.
 */
public final class FeedService {

    private static final Logger LOG = LoggerFactory.getLogger(FeedService.class);

    private final Supplier<EngineGeneration> generation;
    private final EngineMetrics metrics;
    private final ExecutorService afterPool;
    private final List<Stages.AfterResponse> afterResponse;

    private final long requestTimeoutNanos;

    /**
     * @param requestTimeoutMs the whole request's deadline ({@code EngineConf.RequestTimeout}): no stage
     *                         waits past it; 0 or less for none
     */
    public FeedService(Supplier<EngineGeneration> generation, EngineMetrics metrics, ExecutorService afterPool,
                       List<Stages.AfterResponse> afterResponse, long requestTimeoutMs) {
        this.requestTimeoutNanos = requestTimeoutMs > 0 ? java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs) : 0;
        this.generation = generation;
        this.metrics = metrics;
        this.afterPool = afterPool;
        this.afterResponse = List.copyOf(afterResponse);
    }

    /** Runs the scene pipeline. Never throws: an engine fault answers {@link FeedResult#ENGINE_ERROR}. */
    public FeedResult feed(FeedRequest req) {
        return feed(req, null);
    }

    /**
     * The diagnostic page's run: the feed with every stage recorded and the debug log on. No after-response
     * work (exposure logs, callbacks): looking at a user's feed must not change what the user is shown next
     * or feed the training log. Never throws.
     */
    public Diagnosis diagnose(FeedRequest req) {
        RequestTrace trace = new RequestTrace();
        FeedResult result = feed(req, trace);
        // the experiment's RankScore when its parameters set one, else the scene's configured one
        String rankScore = trace.experimentRankScore();
        if (rankScore == null) {
            rankScore = "";
            try {
                var rank = generation.get().config().rankConfs().get(req.sceneId());
                rankScore = rank == null ? "" : rank.string("RankScore", "");
            } catch (RuntimeException e) {
                LOG.debug("no RankScore for scene {}", req.sceneId(), e);
            }
        }
        return new Diagnosis(result, trace.toMap(), rankScore);
    }

    private FeedResult feed(FeedRequest req, RequestTrace trace) {
        try {
            EngineGeneration g = generation.get();
            RecContext ctx = context(req, trace != null, g.experiments());
            User user = RequestUsers.of(req.uid(), req.features());
            ScenePipeline pipeline = g.pipeline(req.sceneId());
            // FallbackConfig: the answer may be the fallback list, the after-response work takes the pipeline's own items
            PipelineAnswer answer = trace == null ? pipeline.answer(ctx, user) : PipelineAnswer.of(pipeline.run(ctx, user, trace));
            List<Item> items = answer.items();
            int code = FeedResult.codeFor(items.size(), req.size());
            // snapshots: the after-response work runs while the caller encodes the answer
            FeedResult result = new FeedResult(code, FeedResult.messageFor(code), ctx.requestId(), ctx.experimentId(),
                    List.copyOf(items), pipeline.outputFields(req.category()), ctx.debug(), List.copyOf(ctx.logs()));
            if (trace == null) {
                answer.ownItems().thenAccept(own -> scheduleAfterResponse(pipeline, ctx, user, own));
            }
            return result;
        } catch (RuntimeException | Error e) {
            LOG.error("feed request {} failed", req.requestId(), e);
            return FeedResult.engineError(req.requestId());
        }
    }

    /** Recall only: the merged candidates and the recalls that failed. Never throws. */
    public RecallResult recall(FeedRequest req) {
        try {
            ScenePipeline pipeline = generation.get().pipeline(req.sceneId());
            // PAI-Rec's recall API matches no experiment
            RecContext ctx = context(req, false, Experiments.NONE);
            User user = RequestUsers.of(req.uid(), req.features());
            ScenePipeline.Recalled recalled = pipeline.recallOnly(ctx, user);
            int code = FeedResult.codeFor(recalled.items().size(), req.size());
            return new RecallResult(code, FeedResult.messageFor(code), ctx.requestId(), recalled.items(),
                    recalled.errors());
        } catch (RuntimeException | Error e) {
            LOG.error("recall request {} failed", req.requestId(), e);
            return RecallResult.engineError(req.requestId());
        }
    }

    /**
     * The request's context, with the experiments it falls into (PAI-Rec's feed passes the request
     * features to the crowd filters).
     */
    private RecContext context(FeedRequest req, boolean forceDebug, Experiments experiments) {
        ExperimentResult exp = experiments.match(req.sceneId(), req.uid(), req.features());
        RecContext ctx = RecContext.builder(req.requestId())
                .experimentId(exp.expId()).abParams(exp.params().asMap())
                .deadlineNanos(requestTimeoutNanos > 0 ? System.nanoTime() + requestTimeoutNanos : Long.MAX_VALUE).sceneId(req.sceneId()).category(req.category()).size(req.size())
                .debug(req.debug() || forceDebug).itemId(req.itemId()).features(req.features())
                .complexTypeFeatures(req.complexTypeFeatures()).itemList(req.itemList()).build();
        if (ctx.debug() && !exp.expId().isEmpty()) {
            ctx.log("INFO", "module=experiment\texp_id=" + exp.expId() + "\t" + describe(exp));
        }
        return ctx;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    /** The debug line of a match: per layer the room, group and experiment, and the params it set. */
    private static String describe(ExperimentResult exp) {
        StringBuilder sb = new StringBuilder();
        for (ExperimentResult.LayerMatch l : exp.layers()) {
            if (sb.length() > 0) {
                sb.append("\t");
            }
            sb.append("layer=").append(l.scene()).append('/').append(l.roomId()).append('/').append(l.layerName())
                    .append(" group=").append(l.groupId());
            if (l.experimentId() >= 0) {
                sb.append(" experiment=").append(l.experimentId());
            }
            sb.append(" params=").append(json(l.params().asMap()));
        }
        return sb.toString();
    }

    private void scheduleAfterResponse(ScenePipeline pipeline, RecContext ctx, User user, List<Item> items) {
        if (afterResponse.isEmpty() && !pipeline.hasAfterResponse()) {
            return;
        }
        try {
            afterPool.execute(() -> {
                pipeline.afterResponse(ctx, user, items);
                for (Stages.AfterResponse hook : afterResponse) {
                    try {
                        hook.run(ctx, user, items);
                    } catch (RuntimeException e) {
                        metrics.failure("after_response", hook.getClass().getSimpleName(), ctx.sceneId(), "error").increment();
                        LOG.warn("after-response task failed (requestId={})", ctx.requestId(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.failure("after_response", "pool", ctx.sceneId(), "rejected").increment();
            LOG.warn("after-response pool full; tasks of request {} skipped", ctx.requestId());
        }
    }
}
