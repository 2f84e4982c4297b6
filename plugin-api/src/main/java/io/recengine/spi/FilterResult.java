package io.recengine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Filter} kept (in the order the pipeline continues with, not necessarily the order given) and
 * what it removed (for debug output and metrics).
 */
public final class FilterResult {

    private final List<Item> kept;
    private final List<Item> removed;

    private FilterResult(List<Item> kept, List<Item> removed) {
        this.kept = Objects.requireNonNull(kept, "kept");
        this.removed = Objects.requireNonNull(removed, "removed");
    }

    /** The lists are taken as they are, not copied: do not modify them afterwards. */
    public static FilterResult of(List<Item> kept, List<Item> removed) {
        return new FilterResult(kept, removed);
    }

    public static FilterResult keepAll(List<Item> items) {
        return new FilterResult(items, List.of());
    }

    /**
     * Keeps, in their order, the items whose id is not in {@code ids}; the others are removed: what black-list
     * filters (exposure history, custom item lists) answer.
     */
    public static FilterResult withoutIds(List<Item> items, Set<String> ids) {
        if (ids.isEmpty()) {
            return keepAll(items);
        }
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            (ids.contains(item.id()) ? removed : kept).add(item);
        }
        return of(kept, removed);
    }

    /**
     * Keeps every item and sets {@code property} to 1 on those whose id is in {@code ids}: the exposure filters'
     * {@code OnlyFlag}, which leaves the decision to a later stage.
     */
    public static FilterResult markingIds(List<Item> items, Set<String> ids, String property) {
        for (Item item : items) {
            if (ids.contains(item.id())) {
                item.setProperty(property, 1);
            }
        }
        return keepAll(items);
    }

    public List<Item> kept() {
        return kept;
    }

    public List<Item> removed() {
        return removed;
    }
}
