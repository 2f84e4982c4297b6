package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.core.experiment.TrafficControlTasks;

import java.time.Instant;

/**
 * Where a target's actual traffic comes from. PAI-Rec asks the A/B service (a Flink job aggregates the
 * exposures of the whole fleet); {@link LocalTrafficCounters} counts what this engine served. Reads must be
 * cheap and never block: they run on the request path.
 */
public interface ActualTraffic {

    /** The figures of everything (a target's global measurement, or one experiment's). */
    String ALL = "ER_ALL";

    /**
     * One measurement: the target's traffic, its task's traffic (the denominator of a {@code Percent} task)
     * and when it was taken (a controller integrates once per new time).
     */
    record Measurement(double targetTraffic, double taskTraffic, Instant recordTime) {
    }

    /**
     * The target's traffic over all requests ({@code expId} {@link #ALL}) or one experiment's; null when
     * there is no figure (the controller then reads 0).
     */
    Measurement global(TrafficControlTasks.Task task, TrafficControlTasks.Target target, String expId, Instant now);

    /** One item's traffic under a {@code Single} target; null when there is no figure. */
    Measurement item(TrafficControlTasks.Target target, String itemId, Instant now);
}
