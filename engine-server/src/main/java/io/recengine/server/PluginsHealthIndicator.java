package io.recengine.server;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.recengine.core.RecEngine;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code /health} component {@code plugins}: the engine's {@link RecEngine#describe()} (loaded plugins with
 * their folder names and component types, scenes, built components, the config's file name; no absolute
 * path, since {@code /health} answers without credentials). Always {@code UP} once the engine runs; the
 * remotes' states are {@link DependenciesHealthIndicator}'s.
 */
@Singleton
final class PluginsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final String NAME = "plugins";

    private final RecEngine engine;

    PluginsHealthIndicator(RecEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        return engine.describe();
    }

    @Override
    public String getName() {
        return NAME;
    }
}
