package io.recengine.server;

import io.micronaut.context.annotation.Value;
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
import io.recengine.server.aime.LoginThrottle;
import io.recengine.server.wire.WireResponse;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The AIME API of the embedded match engine: {@code GET /be} (reads) and {@code GET}/form {@code POST}
 * {@code /sendmsg} (writes). Thin: the raw query string is taken from the request URI (Netty's decoder
 * would split AIME's vector lists on {@code ;}), the body and the Authorization header are handed to
 * {@link AimeApi} as they are. Credentials are never logged. Wrong passwords are limited per client address
 * ({@link LoginThrottle}: 429 past the limit).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class AimeController {

    private final AimeApi aime;
    private final LoginThrottle throttle;
    private final RequestLimits limits;
    private final EngineMetrics metrics;

    /**
     * @param maxFailures {@code recengine.aime.auth.max-failures}: wrong passwords per client address and
     *                    window before 429 (default 10; 0 turns the limit off)
     * @param window      {@code recengine.aime.auth.failure-window} (default 60s)
     */
    AimeController(RecEngine engine, RequestLimits limits,
                   @Value("${recengine.aime.auth.max-failures:10}") int maxFailures,
                   @Value("${recengine.aime.auth.failure-window:60s}") Duration window) {
        this.aime = new AimeApi(engine.match());
        this.limits = limits;
        this.metrics = engine.metrics();
        this.throttle = new LoginThrottle(maxFailures, window, engine.match().snakeCaseReplies(),
                engine.metrics().registry());
    }

    @Get(uri = "/be", produces = MediaType.ALL)
    MutableHttpResponse<byte[]> be(HttpRequest<?> request) {
        return guarded(request, true, () -> aime.be(request.getUri().getRawQuery(), authorization(request)));
    }

    @Get(uri = "/sendmsg", produces = MediaType.ALL)
    MutableHttpResponse<byte[]> sendmsgGet(HttpRequest<?> request) {
        return guarded(request, false,
                () -> aime.sendmsg(request.getUri().getRawQuery(), new byte[0], authorization(request)));
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
            return guarded(request, false, () -> aime.sendmsg(request.getUri().getRawQuery(), form,
                    authorization(request)));
        }
    }

    /** Refuses a client over the wrong-password limit before its password is checked; records the outcome. */
    private MutableHttpResponse<byte[]> guarded(HttpRequest<?> request, boolean read, Supplier<WireResponse> call) {
        String client = clientAddress(request);
        WireResponse refused = throttle.refusal(client, read);
        if (refused != null) {
            return answer(refused);
        }
        WireResponse r = call.get();
        throttle.record(client, r);
        return answer(r);
    }

    /** The peer's IP address (a proxy's X-Forwarded-For is not trusted: any client could set it). */
    private static String clientAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
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
