package io.recengine.server;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error answer Micronaut produces (unknown route, wrong method, unreadable or too large body,
 * unhandled exception, ...) gets PAI-Rec's JSON envelope instead of Micronaut's HAL JSON or HTML error
 * page: {@code {"code":<http status>,"msg":"...","request_id":""}}. Messages are fixed per status, so no
 * exception text or stack reaches a client; Micronaut logs unhandled exceptions with their stack.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
final class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        int status = response.code();
        return response
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Envelope.json(status, Envelope.messageFor(status)));
    }
}
