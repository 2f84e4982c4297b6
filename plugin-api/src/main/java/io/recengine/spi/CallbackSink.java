package io.recengine.spi;

import java.util.List;

/**
 * Writes callback log rows to a message queue or file ({@code CallBackConfs[].DataSource}). Thread-safe.
 */
public interface CallbackSink extends AutoCloseable {

    /**
     * Writes the rows, in order, and returns once they are durably accepted by the destination.
     * Called from engine callback workers, never from a request thread. Throw
     * {@link ComponentException} when any row may not have been written: the engine then spills the
     * whole batch to local disk and replays it later, so a retried batch may be written twice.
     */
    void write(List<CallbackRow> rows);

    /** Flushes buffered rows and releases resources. Called once, after the last {@link #write}. */
    @Override
    default void close() {
    }
}
