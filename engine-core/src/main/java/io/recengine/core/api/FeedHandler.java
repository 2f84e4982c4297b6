package io.recengine.core.api;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.EngineGeneration;
import io.recengine.core.pipeline.ScenePipeline;
import io.recengine.core.pipeline.Stages;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@code /api/rec/feed} and {@code /api/recall}: decode, run the scene pipeline, encode. Never throws:
 * client errors answer body code 400 (HTTP 200, as PAI-Rec), engine faults HTTP 500 with the envelope
 * {@code server error}. Thread-safe.
 */
public final class FeedHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FeedHandler.class);

    private final Supplier<EngineGeneration> generation;
    private final EngineMetrics metrics;
    private final ExecutorService afterPool;
    private final List<Stages.AfterResponse> afterResponse;
    private final io.micrometer.core.instrument.Counter feed200;
    private final io.micrometer.core.instrument.Counter feed299;

    private final long requestTimeoutNanos;

    /**
     * @param requestTimeoutMs the whole request's deadline ({@code EngineConf.RequestTimeout}): no stage
     *                         waits past it; 0 or less for none
     */
    public FeedHandler(Supplier<EngineGeneration> generation, EngineMetrics metrics, ExecutorService afterPool,
                       List<Stages.AfterResponse> afterResponse, long requestTimeoutMs) {
        this.requestTimeoutNanos = requestTimeoutMs > 0 ? java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs) : 0;
        this.generation = generation;
        this.metrics = metrics;
        this.afterPool = afterPool;
        this.afterResponse = List.copyOf(afterResponse);
        this.feed200 = metrics.answers("feed", 200);
        this.feed299 = metrics.answers("feed", 299);
    }

    public ApiResponse feed(byte[] body) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body);
        } catch (RequestException e) {
            return badRequest("feed", e, body);
        }
        try {
            EngineGeneration g = generation.get();
            RecContext ctx = context(req);
            User user = user(req);
            ScenePipeline pipeline = g.pipeline(req.sceneId());
            List<Item> items = pipeline.run(ctx, user);
            int code = items.size() >= req.size() ? 200 : 299;
            String msg = code == 200 ? "success" : "items size not enough";
            List<String> outputFields = pipeline.outputFields(req.category());
            byte[] out = ResponseWriter.feed(code, msg, ctx.requestId(), ctx.experimentId(), items, outputFields,
                    ctx.debug(), ctx.logs());
            scheduleAfterResponse(pipeline, ctx, user, items);
            (code == 200 ? feed200 : feed299).increment();
            return new ApiResponse(200, code, out);
        } catch (RuntimeException | Error e) {
            return serverError("feed", req.requestId(), e);
        }
    }

    public ApiResponse recall(byte[] body) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body);
        } catch (RequestException e) {
            return badRequest("recall", e, body);
        }
        try {
            ScenePipeline pipeline = generation.get().pipeline(req.sceneId());
            RecContext ctx = context(req);
            User user = user(req);
            List<Item> items = pipeline.recallOnly(ctx, user);
            int code = items.size() >= req.size() ? 200 : 299;
            byte[] out = ResponseWriter.recall(code, code == 200 ? "success" : "items size not enough",
                    ctx.requestId(), items);
            metrics.answers("recall", code).increment();
            return new ApiResponse(200, code, out);
        } catch (RuntimeException | Error e) {
            return serverError("recall", req.requestId(), e);
        }
    }

    private RecContext context(FeedRequest req) {
        return RecContext.builder(req.requestId())
                .deadlineNanos(requestTimeoutNanos > 0 ? System.nanoTime() + requestTimeoutNanos : Long.MAX_VALUE).sceneId(req.sceneId()).category(req.category()).size(req.size())
                .debug(req.debug()).itemId(req.itemId()).features(req.features())
                .complexTypeFeatures(req.complexTypeFeatures()).itemList(req.itemList()).build();
    }

    private static User user(FeedRequest req) {
        return requestUser(req.uid(), req.features());
    }

    /**
     * The user of a request (feed, recall or callback), as PAI-Rec builds it: the request features with
     * empty strings dropped, and {@code uid}.
     */
    public static User requestUser(String uid, Map<String, Object> features) {
        User user = new User(uid);
        features.forEach((k, v) -> {
            if (!(v instanceof String s && s.isEmpty())) {
                user.setProperty(k, v);
            }
        });
        user.setProperty("uid", uid);
        return user;
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

    private ApiResponse badRequest(String api, RequestException e, byte[] body) {
        String rid = e.requestId().isEmpty() ? FeedRequestParser.requestIdOf(body) : e.requestId();
        metrics.answers(api, 400).increment();
        return new ApiResponse(200, 400, ResponseWriter.envelope(400, e.getMessage(), rid));
    }

    private ApiResponse serverError(String api, String requestId, Throwable e) {
        LOG.error("{} request {} failed", api, requestId, e);
        metrics.answers(api, 500).increment();
        return new ApiResponse(500, 500, ResponseWriter.envelope(500, "server error", requestId));
    }
}
