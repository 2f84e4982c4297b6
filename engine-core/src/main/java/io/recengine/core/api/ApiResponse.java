package io.recengine.core.api;

import java.nio.charset.StandardCharsets;

/**
 * An answer of the HTTP API, computed by the core: the HTTP status and the JSON body (UTF-8). The server
 * only writes it out.
 *
 * @param httpStatus the HTTP status (200 for PAI-Rec body codes 200, 299 and 400; see the README)
 * @param code       the envelope's {@code code}
 * @param body       the JSON body
 */
public record ApiResponse(int httpStatus, int code, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
