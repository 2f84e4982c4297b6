package io.recengine.spi;

import java.util.List;

/**
 * A re-ranking step ({@code SortConfs[]} entry or the built-in {@code ItemRankScore}). Immutable and
 * thread-safe. Sorts run sequentially in {@code SortNames} order.
 */
public interface Sort extends AutoCloseable {

    /**
     * Returns the items in their new order; may drop items (truncate or diversify) and may change item
     * scores. {@code items} is the engine's list: return a new list rather than sorting it in place.
     * Throwing {@link ComponentException} makes the engine keep the previous order.
     */
    List<Item> sort(RecContext context, User user, List<Item> items);

    @Override
    default void close() {
    }
}
