package io.recengine.core.builtin.sort;

import io.recengine.testkit.TestClock;
import io.recengine.core.builtin.sort.trafficcontrol.LocalTrafficCounters;
import io.recengine.core.builtin.sort.trafficcontrol.PidSettings;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlBoard;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link TrafficControlSort} costs a request: 500 items, a {@code Global} task of four targets
 * (each a category, 5 % of the items) with traffic measured, and a {@code Single} target on one brand;
 * beside it the plain score order ({@code ItemRankScore}'s work) the sort starts with. JMH; run as in the
 * report of the traffic-control change (javac with the JMH processor over this file, then
 * {@code org.openjdk.jmh.Main TrafficControlSortBench}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrafficControlSortBench {

    private TrafficControlSort sort;
    private List<Item> items;
    private final User user = new User("u1");
    private final RecContext ctx = RecContext.builder("r").sceneId("home").size(20).abParams(Map.of()).build();

    @Setup
    public void setUp() {
        TestClock clock = new TestClock(
                TrafficControlFixtures.MIDNIGHT.plus(Duration.ofHours(12)));
        TrafficControlBoard board = new TrafficControlBoard(clock, new LocalTrafficCounters(clock, Duration.ofMinutes(1)));
        List<TrafficControlTasks.Target> targets = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            targets.add(TrafficControlFixtures.target("t" + c, "k1", 1000, "category == 'c" + c + "'"));
        }
        TrafficControlTasks.Task global = TrafficControlFixtures.task("k1", TrafficControlTasks.ControlType.QUANTITY,
                false, false, targets);
        TrafficControlTasks.Task single = TrafficControlFixtures.task("k2", TrafficControlTasks.ControlType.QUANTITY,
                true, true, List.of(TrafficControlFixtures.target("s1", "k2", 50, "brand == 'acme'")));
        board.publish(TrafficControlTasks.of(List.of(global, single)));
        items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Item item = new Item("i" + i, "r1", 1000 - i);
            item.setProperty("category", "c" + (i % 20));
            item.setProperty("brand", i % 50 == 0 ? "acme" : "other");
            items.add(item);
        }
        board.record(ctx, user, items.subList(0, 20));
        sort = new TrafficControlSort("tc", PidSettings.DEFAULTS, board, () -> 0.5);
    }

    @Benchmark
    public List<Item> trafficControlSort() {
        return sort.sort(ctx, user, items);
    }

    @Benchmark
    public List<Item> scoreOrderOnly() {
        List<Item> ranked = new ArrayList<>(items);
        ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
        return ranked;
    }
}
