package io.recengine.server;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.recengine.core.RecEngine;
import io.recengine.core.pipeline.Dependency;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code dependencies}: every datasource and callback sink with {@code UP} or
 * {@code DOWN} and a short state. One down makes the component, and so {@code /health}, {@link #DEGRADED}:
 * still HTTP 200, since the feed API keeps serving (a down sink's rows are spilled and replayed, a down
 * datasource's stage fails fast). {@code /health} answers 503 only for a {@code DOWN} component.
 */
@Singleton
final class DependenciesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final String NAME = "dependencies";

    /**
     * Serving with a dependency down. Operational unset, so that Micronaut's aggregation ranks it between
     * {@code UP} (operational) and {@code DOWN} (not operational): the overall status is the worst.
     */
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "a dependency is down; the engine serves without it", null, 1);

    private final RecEngine engine;

    DependenciesHealthIndicator(RecEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allUp = true;
        for (Dependency d : engine.dependencies()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", d.kind());
            m.put("status", d.up() ? "UP" : "DOWN");
            m.put("state", d.state());
            details.put(d.name(), m);
            allUp &= d.up();
        }
        healthStatus = allUp ? HealthStatus.UP : DEGRADED;
        return details;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
