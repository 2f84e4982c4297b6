package io.recengine.spi;

import java.util.List;

/**
 * Loads features from a store ({@code FeatureDaoConf}, selected by {@code AdapterType}). Immutable and
 * thread-safe. The engine applies the entry's {@code Features} transforms after the load.
 */
public interface FeatureDao extends AutoCloseable {

    /**
     * Adds user features as user properties ({@code FeatureStore: "user"}). Called concurrently with
     * other DAOs on the same user: write through {@link User#setProperty}, which is thread-safe.
     * Throwing {@link ComponentException} leaves the user unchanged; the engine logs and counts it.
     */
    default void loadUserFeatures(RecContext context, User user) {
    }

    /**
     * Adds item features as item properties ({@code FeatureStore: "item"}). {@code items} is read-only
     * as a list; each item's properties are thread-safe. Items without a row are left unchanged.
     */
    default void loadItemFeatures(RecContext context, User user, List<Item> items) {
    }

    /**
     * True when the loads only read memory this process holds (no I/O, no waiting), in bounded time, as
     * the embedded {@code detail_table} DAO does. The engine then runs them on the request thread instead
     * of handing them to a pool; the request deadline can no longer interrupt them (a late load is still
     * logged and counted). See {@code Recall.inProcess()}.
     */
    default boolean inProcess() {
        return false;
    }

    @Override
    default void close() {
    }
}
