package io.recengine.core.feature;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;

/**
 * One {@code Features} entry of a {@code FeatureLoadConfs} element, built once at config load
 * ({@link FeatureTransforms#build}). Immutable and thread-safe; it writes through the thread-safe
 * property maps of {@link User} and {@link Item}.
 */
public interface FeatureTransform {

    /**
     * Applies the transform: user-side entries change {@code user}, item-side entries
     * ({@code FeatureStore: "item"}) change every item of {@code items} (none in the user stage).
     */
    void apply(RecContext context, User user, List<Item> items);
}
