package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.core.expr.Expression;
import io.recengine.core.experiment.TrafficControlTasks;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Tasks, targets and a settable clock for the traffic-control tests. */
public final class TrafficControlFixtures {

    /** 2026-03-02 00:00 UTC: tests start at midnight and move the clock themselves. */
    public static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");

    private TrafficControlFixtures() {
    }

        /** A permanent, running task over scene {@code home}. */
    public static TrafficControlTasks.Task task(String id, TrafficControlTasks.ControlType type, boolean single,
                                                boolean guaranteed, List<TrafficControlTasks.Target> targets) {
        return task(id, "home", type, single, guaranteed, null, Set.of(), targets);
    }

    public static TrafficControlTasks.Task task(String id, String scene, TrafficControlTasks.ControlType type,
                                                boolean single, boolean guaranteed, String userCondition,
                                                Set<String> experimentIds, List<TrafficControlTasks.Target> targets) {
        return new TrafficControlTasks.Task(id, "task " + id, Set.of(scene), true, null, null,
                userCondition == null ? null : Expression.parse(userCondition), null, type, single, guaranteed,
                experimentIds, targets);
    }

    /** An open target of task {@code taskId} aiming at {@code aim} all day, items taken by {@code condition}. */
    public static TrafficControlTasks.Target target(String id, String taskId, long aim, String condition) {
        return target(id, taskId, aim, 0, TrafficControlTasks.Period.NONE, List.of(1440), List.of(aim), condition);
    }

    public static TrafficControlTasks.Target target(String id, String taskId, double value, long tolerance,
                                                    TrafficControlTasks.Period period, List<Integer> points,
                                                    List<Long> values, String condition) {
        return new TrafficControlTasks.Target(id, "target " + id, taskId, value, tolerance,
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"), period, false,
                points, values, condition == null ? null : Expression.parse(condition));
    }
}
