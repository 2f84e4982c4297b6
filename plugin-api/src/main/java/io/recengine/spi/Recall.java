package io.recengine.spi;

import java.util.List;

/**
 * A candidate source ({@code RecallConfs[]} entry). Immutable and thread-safe: one instance serves all
 * requests concurrently.
 */
public interface Recall extends AutoCloseable {

    /**
     * Returns candidates for the user, best first, at most the configured {@code RecallCount}.
     *
     * <p>Runs on an engine recall thread under the recall's timeout; a timed-out call is interrupted and
     * its result discarded, so honour interruption in long loops or blocking I/O. The returned list and
     * items are owned by the engine from then on: return fresh {@link Item}s, never cached instances.
     * The engine sets each item's retrieve id to the recall's name unless the recall set one.
     * May read the user; must not mutate it. Throw {@link ComponentException} on failure: the engine logs
     * it, counts it, and the request goes on without this recall.
     */
    List<Item> recall(RecContext context, User user);

    /** Releases resources. Called once, after the last {@link #recall} call has returned. */
    @Override
    default void close() {
    }
}
