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
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.server.wire.PaiRecApi;
import io.recengine.server.wire.WireResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The PAI-Rec API routes. Thin: take the raw body (any content type), undo {@code Content-Encoding}, hand
 * it to {@link PaiRecApi} (decode, engine, encode), write its JSON and HTTP status. Response compression ({@code Accept-Encoding})
 * is Micronaut's (see {@code micronaut.server.netty.compression-threshold}).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ApiController {

    private static final Logger LOG = LoggerFactory.getLogger(ApiController.class);

    private final PaiRecApi api;
    private final long maxBodyBytes;

    ApiController(RecEngine engine, HttpServerConfiguration server) {
        this.api = new PaiRecApi(engine);
        this.maxBodyBytes = server.getMaxRequestSize();
    }

    @Post(uri = "/api/rec/feed", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> feed(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, api::feed);
    }

    @Post(uri = "/api/recall", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> recall(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, api::recall);
    }

    @Post(uri = "/api/callback", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> callback(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, api::callback);
    }

    private MutableHttpResponse<byte[]> call(HttpRequest<?> request, @Nullable byte[] body,
                                             Function<byte[], WireResponse> operation) {
        byte[] decoded;
        try {
            decoded = RequestBodies.decode(request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), body, maxBodyBytes);
        } catch (RequestBodies.BodyTooLargeException e) {
            LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
            return json(413, Envelope.json(413, Envelope.TOO_LARGE));
        } catch (RequestBodies.UnreadableBodyException e) {
            LOG.info("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
            // PAI-Rec: parameter errors are HTTP 200 with body code 400
            return json(200, Envelope.json(400, Envelope.READ_PARAMETER_ERROR));
        }
        WireResponse answer = operation.apply(decoded);
        return json(answer.httpStatus(), answer.body());
    }

    static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>ok()
                .status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body);
    }
}
