package io.recengine.spi;

import java.util.List;
import java.util.Objects;

/**
 * One batch for a {@link Ranker}: the request, the user, the items and the {@code RankConf} options that
 * shape a model request. Immutable (the lists are unmodifiable; items and user must not be mutated by
 * the ranker).
 */
public final class RankRequest {

    private final RecContext context;
    private final User user;
    private final List<Item> items;
    private final List<String> contextFeatures;
    private final List<String> itemFeatures;
    private final int debugLevel;

    public RankRequest(RecContext context, User user, List<Item> items, List<String> contextFeatures,
                       List<String> itemFeatures, int debugLevel) {
        this.context = Objects.requireNonNull(context, "context");
        this.user = Objects.requireNonNull(user, "user");
        this.items = List.copyOf(items);
        this.contextFeatures = contextFeatures == null ? List.of() : List.copyOf(contextFeatures);
        this.itemFeatures = itemFeatures == null ? null : List.copyOf(itemFeatures);
        this.debugLevel = debugLevel;
    }

    public RecContext context() {
        return context;
    }

    public User user() {
        return user;
    }

    public List<Item> items() {
        return items;
    }

    /** {@code RankConf.ContextFeatures}: item properties sent as per-item context features. */
    public List<String> contextFeatures() {
        return contextFeatures;
    }

    /**
     * {@code RankConf.ItemFeatures}: null when absent (send none), {@code ["*"]} for all item
     * properties not in {@link #contextFeatures()}, else those names.
     */
    public List<String> itemFeatures() {
        return itemFeatures;
    }

    /** 0 normal, 100 request debug, 1..3 callback levels (EasyRec {@code debug_level}). */
    public int debugLevel() {
        return debugLevel;
    }
}
