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

    /**
     * True when {@code recall} only computes over this process's memory (no I/O, no waiting on other threads)
     * in bounded time, for example the embedded match engine or an in-process model. The engine may then
     * run it on the request thread instead of handing it to a pool: a thread hop costs more than such a
     * call. Its timeout then cannot interrupt it; a result that comes late is still discarded.
     */
    default boolean inProcess() {
        return false;
    }

    /** Releases resources. Called once, after the last {@link #recall} call has returned. */
    @Override
    default void close() {
    }
}
