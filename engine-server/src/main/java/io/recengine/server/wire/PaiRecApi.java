package io.recengine.server.wire;

import io.micrometer.core.instrument.Counter;
import io.recengine.core.RecEngine;
import io.recengine.core.callback.CallbackRequest;
import io.recengine.core.callback.CallbackResult;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.core.request.RecallResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * PAI-Rec's JSON API over the typed engine: decodes a (decompressed) body with the Go-compatible rules,
 * calls the engine, encodes its result in PAI-Rec's envelope and picks the HTTP status. Client errors
 * answer body code 400 with HTTP 200, as do 200 and 299 (as PAI-Rec); engine faults HTTP 500 with {@code server error}; a
 * callback the queue cannot take HTTP 503. Bodies are decoded within {@link InputLimits}. Counts every answer
 * by body code ({@code recengine_requests_total{api,code}}). Never throws. Thread-safe.
 */
public final class PaiRecApi {

    private static final Logger LOG = LoggerFactory.getLogger(PaiRecApi.class);

    private final RecEngine engine;
    private final InputLimits limits;
    private final EngineMetrics metrics;
    // the feed's hot path: no meter lookup per request
    private final Counter feed200;
    private final Counter feed299;
    private final java.util.function.BiConsumer<String, byte[]> received;

    /** With the default {@link InputLimits}. */
    public PaiRecApi(RecEngine engine) {
        this(engine, InputLimits.DEFAULTS);
    }

    public PaiRecApi(RecEngine engine, InputLimits limits) {
        this(engine, limits, null);
    }

    /** @param received told every valid feed body with its scene (the diagnostic page's replay); null for none */
    public PaiRecApi(RecEngine engine, InputLimits limits, java.util.function.BiConsumer<String, byte[]> received) {
        this.received = received;
        this.engine = engine;
        this.limits = limits;
        this.metrics = engine.metrics();
        this.feed200 = metrics.answers("feed", FeedResult.OK);
        this.feed299 = metrics.answers("feed", FeedResult.NOT_ENOUGH);
    }

    /** {@code POST /api/rec/feed}, all of it on the calling thread. */
    public WireResponse feed(byte[] body) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body, limits);
        } catch (RequestException e) {
            return badRequest("feed", e, body);
        } catch (RuntimeException e) {
            return undecodable("feed", e, body);
        }
        if (received != null) received.accept(req.sceneId(), body);
        return answer(engine.feed(req));
    }

    /**
     * {@code POST /api/rec/feed} from a thread that must not block (an I/O thread): decodes the body here
     * and, when the request's scene runs entirely in process ({@link RecEngine#feedIfInProcess}), runs
     * and answers it here too, with no thread hand-off; any other scene runs on {@code blocking}. A full
     * {@code blocking} executor answers 503 {@code server busy}. Never completes exceptionally.
     */
    public CompletableFuture<WireResponse> feed(byte[] body, Executor blocking) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body, limits);
        } catch (RequestException e) {
            return CompletableFuture.completedFuture(badRequest("feed", e, body));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(undecodable("feed", e, body));
        }
        if (received != null) received.accept(req.sceneId(), body);
        FeedResult here = engine.feedIfInProcess(req);
        if (here != null) {
            return CompletableFuture.completedFuture(answer(here));
        }
        try {
            return CompletableFuture.supplyAsync(() -> answer(engine.feed(req)), blocking);
        } catch (RejectedExecutionException e) {
            metrics.answers("feed", 503).increment();
            LOG.warn("feed request {}: the blocking executor refused it", req.requestId());
            return CompletableFuture.completedFuture(
                    new WireResponse(503, 503, ResponseWriter.envelope(503, "server busy", req.requestId())));
        }
    }

    /** The engine's feed result as the wire answer, counted. */
    private WireResponse answer(FeedResult r) {
        if (r.code() == FeedResult.ENGINE_ERROR) {
            return serverError("feed", r.requestId());
        }
        byte[] out;
        try {
            out = ResponseWriter.feed(r);
        } catch (RuntimeException e) {
            return unencodable("feed", r.requestId(), e);
        }
        if (r.code() == FeedResult.OK) {
            feed200.increment();
        } else if (r.code() == FeedResult.NOT_ENOUGH) {
            feed299.increment();
        } else {
            metrics.answers("feed", r.code()).increment();
        }
        return new WireResponse(200, r.code(), out);
    }

    /** {@code POST /api/recall}. */
    public WireResponse recall(byte[] body) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body, limits);
        } catch (RequestException e) {
            return badRequest("recall", e, body);
        } catch (RuntimeException e) {
            return undecodable("recall", e, body);
        }
        RecallResult r = engine.recall(req);
        if (r.code() == FeedResult.ENGINE_ERROR) {
            return serverError("recall", r.requestId());
        }
        byte[] out;
        try {
            out = ResponseWriter.recall(r);
        } catch (RuntimeException e) {
            return unencodable("recall", r.requestId(), e);
        }
        metrics.answers("recall", r.code()).increment();
        return new WireResponse(200, r.code(), out);
    }

    /** {@code POST /api/callback}. */
    public WireResponse callback(byte[] body) {
        CallbackRequest req;
        try {
            req = CallbackRequestParser.parse(body, limits);
        } catch (RequestException e) {
            return badRequest("callback", e, body);
        } catch (RuntimeException e) {
            return undecodable("callback", e, body);
        }
        CallbackResult r = engine.callback(req);
        int code = switch (r.status()) {
            case ACCEPTED -> 200;
            case UNKNOWN_SCENE -> 400;
            case UNAVAILABLE -> 503;
        };
        metrics.answers("callback", code).increment();
        return new WireResponse(code == 400 ? 200 : code, code, ResponseWriter.envelope(code, r.message(), r.requestId()));
    }

    private WireResponse badRequest(String api, RequestException e, byte[] body) {
        String rid = e.requestId().isEmpty() ? FeedRequestParser.requestIdOf(body, limits) : e.requestId();
        metrics.answers(api, 400).increment();
        return new WireResponse(200, 400, ResponseWriter.envelope(400, e.getMessage(), rid));
    }

    /**
     * A decoder fault on some input (a bug: the decoders answer every bad body with a
     * {@link RequestException}) is still the client's body that cannot be read: 400, never a 500 or the
     * exception's text; the stack goes to the log so it gets fixed.
     */
    private WireResponse undecodable(String api, RuntimeException e, byte[] body) {
        LOG.error("{} request body could not be decoded", api, e);
        return badRequest(api, new RequestException("read parammeter error"), body);
    }

    private WireResponse serverError(String api, String requestId) {
        metrics.answers(api, 500).increment();
        return new WireResponse(500, 500, ResponseWriter.envelope(500, "server error", requestId));
    }

    /** An answer that cannot be encoded (a property value Jackson refuses) is the engine's fault. */
    private WireResponse unencodable(String api, String requestId, RuntimeException e) {
        LOG.error("{} request {} failed", api, requestId, e);
        return serverError(api, requestId);
    }
}
