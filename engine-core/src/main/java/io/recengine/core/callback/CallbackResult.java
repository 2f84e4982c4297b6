package io.recengine.core.callback;

/**
 * What became of a submitted callback.
 *
 * @param status    accepted, or why not
 * @param message   PAI-Rec's text for the status ({@code success}, or the reason)
 * @param requestId the callback's request id
 */
public record CallbackResult(Status status, String message, String requestId) {

    /** The outcomes of {@link CallbackService#submit}. */
    public enum Status {
        /** Queued for the sinks. */
        ACCEPTED,
        /** The scene has no {@code CallBackConfs} entry: a client error. */
        UNKNOWN_SCENE,
        /** The queue is full or the service is shutting down: try again later. */
        UNAVAILABLE
    }
}
