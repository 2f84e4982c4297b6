package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What traffic control shares across config generations, for as long as the engine runs: the tasks of the
 * generation in service ({@link #publish}ed when it is put in service, so a reload that fails changes
 * nothing) and the actual traffic measured so far (the counts outlive reloads, as the A/B service's do).
 * {@code TrafficControlSort} finds it as an engine service and reads {@link #tasks()} per request, so a
 * sort carried over by a reload sees the new tasks. Thread-safe.
 */
public final class TrafficControlBoard {

    private final Clock clock;
    private final LocalTrafficCounters counters;
    private final ActualTraffic traffic;
    private volatile TrafficControlTasks tasks = TrafficControlTasks.NONE;

    /** A board measuring traffic with this engine's counters. */
    public TrafficControlBoard(Clock clock) {
        this(clock, new LocalTrafficCounters(clock, LocalTrafficCounters.DEFAULT_STEP));
    }

    /** A board whose counters also serve as its traffic source. */
    public TrafficControlBoard(Clock clock, LocalTrafficCounters counters) {
        this(clock, counters, counters);
    }

    /**
     * @param counters what {@link #record} counts into (null: nothing is counted here)
     * @param traffic  where controllers read the actual traffic (another source can be plugged here)
     */
    public TrafficControlBoard(Clock clock, LocalTrafficCounters counters, ActualTraffic traffic) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = counters;
        this.traffic = Objects.requireNonNull(traffic, "traffic");
    }

    /** The tasks of the generation now in service. */
    public void publish(TrafficControlTasks next) {
        tasks = next == null ? TrafficControlTasks.NONE : next;
    }

    public TrafficControlTasks tasks() {
        return tasks;
    }

    public ActualTraffic traffic() {
        return traffic;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Counts a served feed answer (run after the response, off the request path); returns at once when no
     * task is published.
     */
    public void record(RecContext context, User user, List<Item> items) {
        TrafficControlTasks t = tasks;
        if (counters != null && !t.isEmpty()) {
            counters.record(t, context, user, items);
        }
    }
}
