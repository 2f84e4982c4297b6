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

import java.util.function.Function;

/**
 * The PAI-Rec API routes. Thin: take the raw body (any content type), undo {@code Content-Encoding}, hand
 * it to {@link PaiRecApi} (decode, engine, encode), write its JSON and HTTP status. A body is served only
 * within the {@link BodyBudget}: the heap the bodies in flight may take (429 past it). Response compression ({@code Accept-Encoding})
 * is Micronaut's (see {@code micronaut.server.netty.compression-threshold}).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ApiController {

    private static final Logger LOG = LoggerFactory.getLogger(ApiController.class);

    private final PaiRecApi api;
    private final RequestLimits limits;
    private final EngineMetrics metrics;

    ApiController(RecEngine engine, RequestLimits limits, RecentRequests recent) {
        // the diagnostic page's replay ring, when EngineConf.DiagnoseRecentRequests keeps any
        this.api = new PaiRecApi(engine, limits.input(), recent.enabled() ? recent::record : null);
        this.limits = limits;
        this.metrics = engine.metrics();
    }

    @Post(uri = "/api/rec/feed", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> feed(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call("feed", request, body, api::feed);
    }

    @Post(uri = "/api/recall", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> recall(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call("recall", request, body, api::recall);
    }

    @Post(uri = "/api/callback", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> callback(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call("callback", request, body, api::callback);
    }

    private MutableHttpResponse<byte[]> call(String name, HttpRequest<?> request, @Nullable byte[] body,
                                             Function<byte[], WireResponse> operation) {
        byte[] received = body == null ? new byte[0] : body;
        try (BodyBudget.Lease raw = limits.bodies().tryAcquire(received.length)) {
            if (raw == null) {
                return busy(name, request, received.length);
            }
            byte[] decoded;
            try {
                decoded = RequestBodies.decode(request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), received,
                        limits.maxBodyBytes());
            } catch (RequestBodies.BodyTooLargeException e) {
                LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
                return json(413, Envelope.json(413, Envelope.TOO_LARGE));
            } catch (RequestBodies.UnreadableBodyException e) {
                LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
                // PAI-Rec: parameter errors are HTTP 200 with body code 400
                return json(200, Envelope.json(400, Envelope.READ_PARAMETER_ERROR));
            }
            // the tree the body becomes, and a decompressed body's second buffer
            long heap = limits.treeHeap(decoded.length) + (decoded == received ? 0 : decoded.length);
            try (BodyBudget.Lease tree = limits.bodies().tryAcquire(heap)) {
                if (tree == null) {
                    return busy(name, request, decoded.length);
                }
                WireResponse answer = operation.apply(decoded);
                return json(answer.httpStatus(), answer.body());
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
