package io.recengine.server;

import io.recengine.server.wire.ResponseWriter;

/**
 * PAI-Rec's response envelope for answers the server writes itself (errors outside the engine):
 * {@code {"code":404,"msg":"url not found route info","request_id":""}}.
 */
final class Envelope {

    /** PAI-Rec's text for a body that cannot be read (sic). */
    static final String READ_PARAMETER_ERROR = "read parammeter error";
    static final String NOT_FOUND = "url not found route info";
    static final String SERVER_ERROR = "server error";
    static final String METHOD_NOT_ALLOWED = "method not allowed";
    static final String TOO_LARGE = "request body too large";
    static final String PARAMETER_ERROR = "parammeter error";
    static final String URI_TOO_LONG = "request URI too long";
    static final String HEADERS_TOO_LARGE = "request header fields too large";
    static final String TIMEOUT = "request timeout";
    static final String TOO_MANY_BODIES = "too many large request bodies in flight, retry later";

    private Envelope() {
    }

    static byte[] json(int code, String msg) {
        return ResponseWriter.envelope(code, msg, "");
    }

    /** The envelope message for an HTTP status the server produced itself. */
    static String messageFor(int status) {
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return switch (status) {
            case 400 -> PARAMETER_ERROR;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 431 -> HEADERS_TOO_LARGE;
            case 408 -> TIMEOUT;
            case 429 -> TOO_MANY_BODIES;
            case 415 -> "unsupported media type";
            case 406 -> "not acceptable";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            default -> "http status " + status;
        };
    }
}
