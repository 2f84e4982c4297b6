package io.recengine.server;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.recengine.core.RecEngine;
import io.recengine.core.generation.ReloadOutcome;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code /health} component {@code config}: the config version served (short hash of the config file and
 * the experiment file, load time) and the last reload's outcome with its problems and what needs a restart.
 * {@link DependenciesHealthIndicator#DEGRADED} (HTTP 200) while the last reload was rejected: the engine
 * serves, but not the config in its file.
 */
@Singleton
final class ConfigHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final String NAME = "config";

    private final RecEngine engine;

    ConfigHealthIndicator(RecEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        ReloadOutcome last = engine.lastReload();
        healthStatus = last != null && last.rejected() ? DependenciesHealthIndicator.DEGRADED : HealthStatus.UP;
        return engine.configStatus();
    }

    @Override
    public String getName() {
        return NAME;
    }
}
