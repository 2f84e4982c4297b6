package io.recengine.spi;

import java.util.List;

/**
 * A candidate filter ({@code FilterConfs[]} entry or a built-in such as {@code UniqueFilter}). Immutable
 * and thread-safe. Filters of a scene run sequentially in {@code FilterNames} order.
 */
public interface Filter extends AutoCloseable {

    /**
     * Splits {@code items} into kept and removed. The engine goes on with the kept items in the order the
     * filter returns them: most filters keep the order they were given, but some arrange the candidates as
     * they choose them (PAI-Rec's {@code PriorityAdjustCountFilter}, {@code SnakeFilter},
     * {@code DiversityAdjustCountFilter}, ... answer in their own order), so a filter that must not reorder
     * says so in its own documentation, and nothing after a filter may assume the recall order survived it.
     *
     * <p>{@code items} is the engine's list: read it, do not modify it. Items may be mutated (for example
     * merging algo scores of duplicates). Throwing {@link ComponentException} makes the engine skip this
     * filter (items pass unchanged), log and count the failure.
     */
    FilterResult filter(RecContext context, User user, List<Item> items);

    /**
     * Whether this filter has work to do after the response ({@link #afterResponse}). Asked once, when the
     * engine builds a scene's pipeline: only scenes with such a filter schedule after-response work, so a
     * filter that overrides {@link #afterResponse} must return true here (for example only when its
     * {@code WriteLog} is set). Default: false.
     */
    default boolean hasAfterResponse() {
        return false;
    }

    /**
     * Called once per answered request of a scene that uses this filter, after the response is final,
     * on an engine background thread (never the request thread), when {@link #hasAfterResponse()} is true:
     * for filters that record what was shown, such as an exposure filter with {@code WriteLog}.
     * {@code items} is the final list, read-only. Failures are logged and counted by the engine.
     */
    default void afterResponse(RecContext context, User user, List<Item> items) {
    }

    @Override
    default void close() {
    }
}
