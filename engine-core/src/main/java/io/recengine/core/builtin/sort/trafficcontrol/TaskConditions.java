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

    /** Item conditions over many items: one lookup object reused, not a lambda per item. Not thread-safe. */
    public static final class Items implements Expression.Lookup {
        private final long nowSeconds;
        private Item item;

        public Items(long nowSeconds) {
            this.nowSeconds = nowSeconds;
        }

        /** Whether {@code condition} (null: every item) takes {@code item}. */
        public boolean matches(Expression condition, Item item) {
            if (condition == null) {
                return true;
            }
            this.item = item;
            return condition.test(this);
        }

        @Override
        public Object get(String name) {
            return lookup(item.property(name), name, nowSeconds);
        }
    }

    private static Object lookup(Object value, String name, long nowSeconds) {
        if (value == null && CURRENT_TIME.equals(name)) {
            return (double) nowSeconds;
        }
        return value;
    }
}
