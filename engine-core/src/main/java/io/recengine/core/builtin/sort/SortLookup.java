package io.recengine.core.builtin.sort;

import io.recengine.spi.Sort;

import java.util.Optional;

/**
 * The sorts of the running config by name, for sorts that delegate to others ({@code ConditionSort}). The
 * engine offers it as a {@link io.recengine.spi.PluginContext#service service}; it answers once every sort
 * is built, so delegates are looked up on use, not at creation.
 */
@FunctionalInterface
public interface SortLookup {
    Optional<Sort> sort(String name);
}
