package io.recengine.spi;

import java.util.List;
import java.util.Objects;

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

    public List<Item> kept() {
        return kept;
    }

    public List<Item> removed() {
        return removed;
    }
}
