package io.recengine.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.server.aime.AimeApi;
import io.recengine.server.wire.WireResponse;

/**
 * The AIME API of the embedded match engine: {@code GET /be} (reads) and {@code GET}/form {@code POST}
 * {@code /sendmsg} (writes). Thin: the raw query string is taken from the request URI (Netty's decoder
 * would split AIME's vector lists on {@code ;}), the body and the Authorization header are handed to
 * {@link AimeApi} as they are. Credentials are never logged.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class AimeController {

    private final AimeApi aime;
    private final RequestLimits limits;
    private final EngineMetrics metrics;

    AimeController(RecEngine engine, RequestLimits limits) {
        this.aime = new AimeApi(engine.match());
        this.limits = limits;
        this.metrics = engine.metrics();
    }

    @Get(uri = "/be", produces = MediaType.ALL)
    MutableHttpResponse<byte[]> be(HttpRequest<?> request) {
        return answer(aime.be(request.getUri().getRawQuery(), authorization(request)));
    }

    @Get(uri = "/sendmsg", produces = MediaType.ALL)
    MutableHttpResponse<byte[]> sendmsgGet(HttpRequest<?> request) {
        return answer(aime.sendmsg(request.getUri().getRawQuery(), new byte[0], authorization(request)));
    }

    @Post(uri = "/sendmsg", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> sendmsgPost(HttpRequest<?> request, @Nullable @Body byte[] body) {
        byte[] form = body == null ? new byte[0] : body;
        // a form body shares the bound on the heap of bodies in flight with the PAI-Rec routes
        try (BodyBudget.Lease lease = limits.bodies().tryAcquire(form.length + limits.treeHeap(form.length))) {
            if (lease == null) {
                metrics.answers("sendmsg", 429).increment();
                return ApiController.tooBusy();
            }
            return answer(aime.sendmsg(request.getUri().getRawQuery(), form, authorization(request)));
        }
    }

    private static String authorization(HttpRequest<?> request) {
        return request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    }

    private static MutableHttpResponse<byte[]> answer(WireResponse r) {
        MutableHttpResponse<byte[]> response = ApiController.json(r.httpStatus(), r.body());
        if (r.httpStatus() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"aime\", charset=\"UTF-8\"");
        }
        return response;
    }
}
