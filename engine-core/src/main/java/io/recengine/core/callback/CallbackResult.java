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
        /** Journaled and queued for the sinks: its rows will be written, also after a crash. */
        ACCEPTED,
        /** The scene has no {@code CallBackConfs} entry: a client error. */
        UNKNOWN_SCENE,
        /**
         * Not accepted, nothing kept: the queue is full, the journal cannot be written (disk full), or the
         * service is shutting down. Try again later.
         */
        UNAVAILABLE
    }
}
