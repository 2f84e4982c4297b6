package io.recengine.server.wire;

import java.nio.charset.StandardCharsets;

/**
 * An answer of the HTTP API before Micronaut writes it: the HTTP status, the body code and the JSON body
 * (UTF-8).
 *
 * @param httpStatus the HTTP status (200 for PAI-Rec body codes 200, 299 and 400; see the README)
 * @param code       the envelope's {@code code}
 * @param body       the JSON body
 */
public record WireResponse(int httpStatus, int code, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
