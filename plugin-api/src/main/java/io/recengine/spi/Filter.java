package io.recengine.spi;

import java.util.List;

/**
 * A candidate filter ({@code FilterConfs[]} entry or a built-in such as {@code UniqueFilter}). Immutable
 * and thread-safe. Filters of a scene run sequentially in {@code FilterNames} order.
 */
public interface Filter extends AutoCloseable {

    /**
     * Splits {@code items} into kept and removed, preserving the order of kept items.
     *
     * <p>{@code items} is the engine's list: read it, do not modify it. Items may be mutated (for example
     * merging algo scores of duplicates). Throwing {@link ComponentException} makes the engine skip this
     * filter (items pass unchanged), log and count the failure.
     */
    FilterResult filter(RecContext context, User user, List<Item> items);

    @Override
    default void close() {
    }
}
