package io.recengine.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.server.diagnose.RecentRequests;
import io.recengine.server.wire.PaiRecApi;
import io.recengine.server.wire.WireResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Named;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The PAI-Rec API routes. Thin: take the raw body (any content type), undo {@code Content-Encoding}, hand
 * it to {@link PaiRecApi} (decode, engine, encode), write its JSON and HTTP status. A body is served only
 * within the {@link BodyBudget}: the heap the bodies in flight may take (429 past it). Response compression ({@code Accept-Encoding})
 * is Micronaut's (see {@code micronaut.server.netty.compression-threshold}).
 *
 * <p>Threads: {@code /api/recall} and {@code /api/callback} run on the blocking executor. The feed starts on
 * the Netty event loop: a small uncompressed body is decoded there and, when its scene runs entirely in
 * process ({@link io.recengine.core.RecEngine#feedIfInProcess}: the embedded match engine, the Local
 * ranker, built-in filters and sorts), served there too: no hand-off to another thread and back, which on
 * one core costs more than the request's HTTP work. Every other feed (a remote component, a pool stage, an
 * experiment, a large or compressed body) goes to the blocking executor: nothing that may block runs on
 * the event loop.
 */
@Controller
final class ApiController {

    private static final Logger LOG = LoggerFactory.getLogger(ApiController.class);
    /**
     * The largest feed body decoded on the event loop (PAI-Rec feed bodies are a few hundred bytes; an
     * {@code item_list} of thousands of items is not): parsing one costs microseconds, not milliseconds.
     */
    static final int EVENT_LOOP_BODY_BYTES = 16 * 1024;
    private static final Executor CALLER = Runnable::run;

    private final PaiRecApi api;
    private final RequestLimits limits;
    private final EngineMetrics metrics;
    private final ExecutorService blocking;

    ApiController(RecEngine engine, RequestLimits limits, RecentRequests recent,
                  @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        // the diagnostic page's replay ring, when EngineConf.DiagnoseRecentRequests keeps any
        this.api = new PaiRecApi(engine, limits.input(), recent.enabled() ? recent::record : null);
        this.limits = limits;
        this.metrics = engine.metrics();
        this.blocking = blocking;
    }

    /** Runs on the event loop (no {@code @ExecuteOn}); see the class comment for which feeds leave it. */
    @Post(uri = "/api/rec/feed", consumes = MediaType.ALL, produces = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<byte[]>> feed(HttpRequest<?> request, @Nullable @Body byte[] body) {
        byte[] received = body == null ? new byte[0] : body;
        if (received.length <= EVENT_LOOP_BODY_BYTES && !request.getHeaders().contains(HttpHeaders.CONTENT_ENCODING)) {
            return admitted("feed", request, received, decoded -> api.feed(decoded, blocking));
        }
        try {
            return CompletableFuture.supplyAsync(
                    () -> admitted("feed", request, received, decoded -> api.feed(decoded, CALLER)), blocking)
                    .thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            metrics.answers("feed", 503).increment();
            return CompletableFuture.completedFuture(json(503, Envelope.json(503, "server busy")));
        }
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(uri = "/api/recall", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> recall(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call("recall", request, body, api::recall);
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(uri = "/api/callback", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> callback(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call("callback", request, body, api::callback);
    }

    private MutableHttpResponse<byte[]> call(String name, HttpRequest<?> request, @Nullable byte[] body,
                                             Function<byte[], WireResponse> operation) {
        byte[] received = body == null ? new byte[0] : body;
        // completed here: the operation runs on this thread
        return admitted(name, request, received, decoded -> CompletableFuture.completedFuture(operation.apply(decoded)))
                .join();
    }

    /**
     * Admits the body within the {@link BodyBudget}, undoes its {@code Content-Encoding} and runs the
     * operation; the body's heap stays reserved until the operation's answer is complete.
     */
    private CompletableFuture<MutableHttpResponse<byte[]>> admitted(
            String name, HttpRequest<?> request, byte[] received,
            Function<byte[], CompletableFuture<WireResponse>> operation) {
        BodyBudget.Lease raw = limits.bodies().tryAcquire(received.length);
        if (raw == null) {
            return CompletableFuture.completedFuture(busy(name, request, received.length));
        }
        boolean handedOver = false;
        try {
            byte[] decoded;
            try {
                decoded = RequestBodies.decode(request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), received,
                        limits.maxBodyBytes());
            } catch (RequestBodies.BodyTooLargeException e) {
                LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
                return CompletableFuture.completedFuture(json(413, Envelope.json(413, Envelope.TOO_LARGE)));
            } catch (RequestBodies.UnreadableBodyException e) {
                LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
                // PAI-Rec: parameter errors are HTTP 200 with body code 400
                return CompletableFuture.completedFuture(json(200, Envelope.json(400, Envelope.READ_PARAMETER_ERROR)));
            }
            // the tree the body becomes, and a decompressed body's second buffer
            long heap = limits.treeHeap(decoded.length) + (decoded == received ? 0 : decoded.length);
            BodyBudget.Lease tree = limits.bodies().tryAcquire(heap);
            if (tree == null) {
                return CompletableFuture.completedFuture(busy(name, request, decoded.length));
            }
            CompletableFuture<WireResponse> answer;
            try {
                answer = operation.apply(decoded);
            } catch (RuntimeException | Error e) {
                tree.close();
                throw e;
            }
            handedOver = true;
            return answer.whenComplete((r, e) -> {
                tree.close();
                raw.close();
            }).thenApply(r -> json(r.httpStatus(), r.body()));
        } finally {
            if (!handedOver) {
                raw.close();
            }
        }
    }

    /** The bodies in flight would take too much heap: refused at once, before any parsing; the client may retry. */
    private MutableHttpResponse<byte[]> busy(String name, HttpRequest<?> request, long bytes) {
        LOG.info("{} {}: body of {} bytes refused, {} of {} heap bytes taken by bodies in flight",
                request.getMethodName(), request.getPath(), bytes, limits.bodies().inFlightBytes(),
                limits.bodies().capacityBytes());
        metrics.answers(name, 429).increment();
        return tooBusy();
    }

    static MutableHttpResponse<byte[]> tooBusy() {
        return json(429, Envelope.json(429, Envelope.TOO_MANY_BODIES)).header(HttpHeaders.RETRY_AFTER, "1");
    }

    static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>ok()
                .status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body);
    }
}
