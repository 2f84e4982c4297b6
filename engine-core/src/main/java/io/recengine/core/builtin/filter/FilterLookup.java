package io.recengine.core.builtin.filter;

import io.recengine.spi.Filter;

import java.util.Optional;

/**
 * The filters of the current config by {@code Name}, for filters that hand a request to another one
 * ({@link ConditionFilter}). The engine offers it through {@code PluginContext.service}; it answers once
 * every filter of the config is built, so users resolve names when a request arrives, not in
 * {@code create}.
 */
@FunctionalInterface
public interface FilterLookup {

    Optional<Filter> filter(String name);
}
