package io.recengine.server.wire;

/** A client error: answered with body code 400 and {@link #getMessage()} as {@code msg}. */
public final class RequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String requestId;

    public RequestException(String message) {
        this(message, "");
    }

    /** With the request id already known, echoed in the error envelope. */
    public RequestException(String message, String requestId) {
        super(message, null, false, false);
        this.requestId = requestId == null ? "" : requestId;
    }

    public String requestId() {
        return requestId;
    }
}
