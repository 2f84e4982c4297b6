package io.recengine.server;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * Every error answer Micronaut produces (unknown route, wrong method, unreadable or too large body,
 * unhandled exception, ...) gets PAI-Rec's JSON envelope instead of Micronaut's HAL JSON or HTML error
 * page: {@code {"code":<http status>,"msg":"...","request_id":""}}. Messages are fixed per status, so no
 * exception text or stack reaches a client; Micronaut logs unhandled exceptions with their stack.
 *
 * <p>Micronaut answers every request Netty could not decode because something was too long with 413;
 * a request line past {@code max-initial-line-length} becomes 414 and headers past
 * {@code max-header-size} 431 here, so the client learns which limit it hit.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
final class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        int status = response.code();
        if (status == 413) {
            int precise = tooLongPart(errorContext.getRequest());
            if (precise != 0) {
                response.status(precise);
                status = precise;
            }
        }
        return response
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Envelope.json(status, Envelope.messageFor(status)));
    }

    /** 414 or 431 when Netty refused the request line or the headers as too long; 0 otherwise. */
    static int tooLongPart(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return 0;
        }
        DecoderResult result = netty.getNativeRequest().decoderResult();
        if (result == null || !result.isFailure()) {
            return 0;
        }
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return 431;
        }
        return 0;
    }
}
