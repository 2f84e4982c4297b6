package io.recengine.spi;

import java.util.List;

/**
 * A scoring model ({@code AlgoConfs[]} entry): a remote model server or an in-process model.
 * Immutable and thread-safe; the engine calls it concurrently for the batches of a request.
 */
public interface Ranker extends AutoCloseable {

    /**
     * Scores one batch. Returns exactly one {@link ItemScores} per input item, in input order (use
     * {@link ItemScores#EMPTY} for an item the model did not score); the engine checks the size.
     * Must not mutate items or user: the engine attaches the scores. Runs under the algo's timeout;
     * throw {@link ComponentException} on failure and the engine leaves the batch unscored.
     */
    List<ItemScores> score(RankRequest request);

    /**
     * True when {@code score} only computes over this process's memory (no I/O, no waiting on other threads)
     * in bounded time, for example the embedded match engine or an in-process model. The engine may then
     * run it on the request thread instead of handing it to a pool: a thread hop costs more than such a
     * call. Its timeout then cannot interrupt it; a result that comes late is still discarded.
     */
    default boolean inProcess() {
        return false;
    }

    @Override
    default void close() {
    }
}
