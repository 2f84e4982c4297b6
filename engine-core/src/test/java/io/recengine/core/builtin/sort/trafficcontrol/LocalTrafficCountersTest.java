package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.testkit.TestClock;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.core.experiment.TrafficControlTasks.ControlType;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.MIDNIGHT;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.target;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine's own actual-traffic counters: what they count, per experiment and overall, and when they restart. */
class LocalTrafficCountersTest {

    private final TestClock clock = new TestClock(
            MIDNIGHT.plus(Duration.ofHours(9)).plusSeconds(75));
    private final LocalTrafficCounters counters = new LocalTrafficCounters(clock, Duration.ofMinutes(1));

    private final TrafficControlTasks.Target red = target("t_red", "k1", 100, "color == 'red'");
    private final TrafficControlTasks.Target blue = target("t_blue", "k1", 100, "color == 'blue'");
    private final TrafficControlTasks.Task task = task("k1", "home", ControlType.PERCENT, false, true, "age > 18",
            Set.of(), List.of(red, blue));
    private final TrafficControlTasks tasks = TrafficControlTasks.of(List.of(task));

    private static List<Item> answer(String... colors) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < colors.length; i++) {
            Item item = new Item("i" + i + colors[i]);
            item.setProperty("color", colors[i]);
            out.add(item);
        }
        return out;
    }

    private static RecContext ctx(String scene, String expId) {
        return RecContext.builder("r").sceneId(scene).experimentId(expId).size(10).build();
    }

    private static User adult() {
        User u = new User("u1");
        u.setProperty("age", 30);
        return u;
    }

    @Test
    void countsTheTargetsItemsOverallAndPerExperimentWithTheTasksTrafficAsDenominator() {
        counters.record(tasks, ctx("home", "ER1_L1#EG1#E1"), adult(), answer("red", "blue", "green"));
        counters.record(tasks, ctx("home", "ER1_L1#EG1#E2"), adult(), answer("red", "red"));

        ActualTraffic.Measurement all = counters.global(task, red, ActualTraffic.ALL, clock.instant());
        assertThat(all.targetTraffic()).isEqualTo(3);
        assertThat(all.taskTraffic()).isEqualTo(5);
        ActualTraffic.Measurement e1 = counters.global(task, red, "ER1_L1#EG1#E1", clock.instant());
        assertThat(e1.targetTraffic()).isEqualTo(1);
        assertThat(e1.taskTraffic()).isEqualTo(3);
        assertThat(counters.global(task, blue, "ER1_L1#EG1#E2", clock.instant()).targetTraffic()).isZero();
        // one measurement a step: the record time is the minute
        assertThat(all.recordTime()).isEqualTo(MIDNIGHT.plus(Duration.ofHours(9)).plusSeconds(60));
    }

    @Test
    void answersOfOtherScenesOtherUsersOrInactiveTasksDoNotCount() {
        counters.record(tasks, ctx("other", ""), adult(), answer("red"));
        User child = new User("u2");
        child.setProperty("age", 10);
        counters.record(tasks, ctx("home", ""), child, answer("red"));
        TrafficControlTasks.Task stopped = new TrafficControlTasks.Task("k1", "", Set.of("home"), false, null, null,
                null, null, ControlType.PERCENT, false, true, Set.of(), List.of(red));
        counters.record(TrafficControlTasks.of(List.of(stopped)), ctx("home", ""), adult(), answer("red"));
        assertThat(counters.global(task, red, ActualTraffic.ALL, clock.instant())).isNull();
    }

    @Test
    void countsRestartAtMidnightOfTheClocksZone() {
        counters.record(tasks, ctx("home", ""), adult(), answer("red"));
        assertThat(counters.global(task, red, ActualTraffic.ALL, clock.instant()).targetTraffic()).isEqualTo(1);
        clock.advance(Duration.ofHours(15));
        assertThat(counters.global(task, red, ActualTraffic.ALL, clock.instant())).isNull();
        counters.record(tasks, ctx("home", ""), adult(), answer("red", "red"));
        assertThat(counters.global(task, red, ActualTraffic.ALL, clock.instant()).targetTraffic()).isEqualTo(2);
    }

    @Test
    void aSingleTaskCountsEachItemApart() {
        TrafficControlTasks.Target t = target("t_item", "k2", 10, "color == 'red'");
        TrafficControlTasks.Task single = task("k2", ControlType.QUANTITY, true, true, List.of(t));
        TrafficControlTasks ts = TrafficControlTasks.of(List.of(single));
        counters.record(ts, ctx("home", ""), new User("u"), answer("red", "blue"));
        counters.record(ts, ctx("home", ""), new User("u"), answer("red"));
        assertThat(counters.item(t, "i0red", clock.instant()).targetTraffic()).isEqualTo(2);
        assertThat(counters.item(t, "i1blue", clock.instant())).isNull();
        assertThat(counters.global(single, t, ActualTraffic.ALL, clock.instant()).targetTraffic()).isEqualTo(2);
    }

    @Test
    void theBoardCountsOnlyWhileTasksArePublished() {
        TrafficControlBoard board = new TrafficControlBoard(clock, counters);
        board.record(ctx("home", ""), adult(), answer("red"));
        assertThat(counters.global(task, red, ActualTraffic.ALL, clock.instant())).isNull();
        board.publish(tasks);
        board.record(ctx("home", ""), adult(), answer("red"));
        assertThat(board.traffic().global(task, red, ActualTraffic.ALL, clock.instant()).targetTraffic()).isEqualTo(1);
    }
}
