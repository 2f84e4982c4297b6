package io.recengine.server;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.recengine.core.RecEngine;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code replication} (only with {@code MatchEngineConf.Replication}): the
 * replica's update log, lag (messages and seconds behind), offsets and each match table's size and content
 * digest (equal digests on two replicas: equal tables). {@code DOWN} (HTTP 503, out of the load balancer)
 * while the replica replays the log on start; {@link DependenciesHealthIndicator#DEGRADED} while the log is
 * unreachable (reads serve the last state, writes are refused); else {@code UP}.
 */
@Singleton
final class ReplicationHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final String NAME = "replication";

    private final RecEngine engine;

    ReplicationHealthIndicator(RecEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        var status = engine.match().replicationStatus();
        if (status.isEmpty()) {
            healthStatus = HealthStatus.UP;
            return Map.of("enabled", false);
        }
        Map<String, Object> details = new LinkedHashMap<>(status.get());
        boolean replaying = Boolean.TRUE.equals(details.get("replaying"));
        boolean available = Boolean.TRUE.equals(details.get("available"));
        details.put("tables", engine.match().tableDigests());
        healthStatus = replaying ? HealthStatus.DOWN : available ? HealthStatus.UP : DependenciesHealthIndicator.DEGRADED;
        return details;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
