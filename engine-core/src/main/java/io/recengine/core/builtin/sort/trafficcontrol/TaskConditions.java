package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.core.expr.Expression;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.spi.Item;
import io.recengine.spi.User;

/**
 * A task's user condition and a target's item condition, run over the user's or the item's properties.
 * {@code current_time} (PAI-Rec's {@code ${current_time}}, seconds since the epoch) reads the engine clock
 * when the condition runs; PAI-Rec fixes it when it builds the controller.
 */
public final class TaskConditions {

    static final String CURRENT_TIME = "current_time";

    private TaskConditions() {
    }

    public static boolean userMatches(TrafficControlTasks.Task task, User user, long nowSeconds) {
        Expression e = task.userCondition();
        return e == null || e.test(name -> lookup(user.property(name), name, nowSeconds));
    }

    public static boolean itemMatches(Expression condition, Item item, long nowSeconds) {
        return condition == null || condition.test(name -> lookup(item.property(name), name, nowSeconds));
    }

    private static Object lookup(Object value, String name, long nowSeconds) {
        if (value == null && CURRENT_TIME.equals(name)) {
            return (double) nowSeconds;
        }
        return value;
    }
}
