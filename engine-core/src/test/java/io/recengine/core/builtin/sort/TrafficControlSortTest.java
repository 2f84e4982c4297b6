package io.recengine.core.builtin.sort;

import io.recengine.testkit.TestClock;
import io.recengine.core.builtin.sort.trafficcontrol.LocalTrafficCounters;
import io.recengine.core.builtin.sort.trafficcontrol.PidSettings;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlBoard;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.core.experiment.TrafficControlTasks.ControlType;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.MIDNIGHT;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.target;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TrafficControlSort}: macro and micro control moving the items of under-served targets up and of
 * over-served ones down, item conditions, and which controllers a request gets (scene, user, experiment
 * params, experiment id). PAI-Rec has no Go test for {@code TrafficControlSort} (nor for its PID
 * controller); these cases follow {@code sort/traffic_control_sort.go}. The clock is a fake one.
 *
 * <p>Items a..j, scores 100 down to 10 (the order without control); b, c are blue, h, i are red.
 */
class TrafficControlSortTest {

    private final TestClock clock = new TestClock(
            MIDNIGHT.plus(Duration.ofHours(12)));
    private final TrafficControlBoard board = new TrafficControlBoard(clock,
            new LocalTrafficCounters(clock, Duration.ofMinutes(1)));
    private final TrafficControlSort sort = new TrafficControlSort("tc", PidSettings.DEFAULTS, board, () -> 0.0);

    private static final List<String> NATURAL = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    private static List<Item> items() {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = NATURAL.get(i);
            Item item = new Item(id, "r1", 100 - 10 * i);
            item.setProperty("color", switch (id) {
                case "b", "c" -> "blue";
                case "h", "i" -> "red";
                default -> "green";
            });
            out.add(item);
        }
        java.util.Collections.shuffle(out, new java.util.Random(7)); // the sort orders by score first
        return out;
    }

    private static RecContext ctx(String scene, String expId, Map<String, Object> params, Map<String, Object> features) {
        return RecContext.builder("r").sceneId(scene).size(5).experimentId(expId).abParams(params)
                .features(features).build();
    }

    private List<String> run() {
        return run(ctx("home", "", Map.of(), Map.of()), new User("u1"));
    }

    private List<String> run(RecContext ctx, User user) {
        return sort.sort(ctx, user, items()).stream().map(Item::id).toList();
    }

    /** Serves {@code n} answers of the given colours, so the counters have figures. */
    private void serve(int n, String... colors) {
        for (int k = 0; k < n; k++) {
            List<Item> answer = new ArrayList<>();
            for (int i = 0; i < colors.length; i++) {
                Item item = new Item("s" + i);
                item.setProperty("color", colors[i]);
                answer.add(item);
            }
            board.record(RecContext.builder("s").sceneId("home").size(5).build(), new User("u"), answer);
        }
    }

    private void publish(TrafficControlTasks.Task... tasks) {
        board.publish(TrafficControlTasks.of(List.of(tasks)));
    }

    private static TrafficControlTasks.Task redUnderServed(String id, Set<String> experiments, String userCondition) {
        return task(id, "home", ControlType.QUANTITY, false, true, userCondition, experiments,
                List.of(target("t_" + id, id, 1000, "color == 'red'")));
    }

    @Test
    void withoutTasksTheItemsKeepTheirScoreOrder() {
        assertThat(run()).isEqualTo(NATURAL);
    }

    @Test
    void macroControlMovesTheItemsOfAnUnderServedTargetUp() {
        publish(redUnderServed("k1", Set.of(), null));
        serve(1, "green");
        assertThat(run()).startsWith("h", "i").containsExactlyInAnyOrderElementsOf(NATURAL);
        // the rest keeps its order
        assertThat(run().subList(2, 10)).containsExactly("a", "b", "c", "d", "e", "f", "g", "j");
    }

    /**
     * PAI-Rec's position properties on every request, debug or not ({@code TrafficControlSort.Sort}):
     * {@code __traffic_control_id__} and {@code _ORIGIN_POSITION_} on every item, {@code _NEW_POSITION_} on
     * every item once a target applies, {@code __delta_rank__} on the moved ones; a Quantity target's item
     * pushed up from beyond the page gets control id 0 ({@code computeDeltaRank}).
     */
    @Test
    void paiRecsPositionPropertiesAreWrittenOnEveryRequest() {
        List<Item> plain = sort.sort(ctx("home", "", Map.of(), Map.of()), new User("u1"), items());
        for (int i = 0; i < plain.size(); i++) {
            assertThat(plain.get(i).property("_ORIGIN_POSITION_")).isEqualTo(i + 1);
            assertThat(plain.get(i).property("__traffic_control_id__")).isEqualTo(i + 1);
            assertThat(plain.get(i).property("_NEW_POSITION_")).isNull();
        }
        publish(redUnderServed("k1", Set.of(), null));
        serve(1, "green");
        List<Item> out = sort.sort(ctx("home", "", Map.of(), Map.of()), new User("u1"), items());
        assertThat(out.stream().map(Item::id).toList()).startsWith("h", "i");
        for (Item item : out) {
            int origin = NATURAL.indexOf(item.id()) + 1;
            assertThat(item.property("_ORIGIN_POSITION_")).as(item.id()).isEqualTo(origin);
            assertThat(item.property("_NEW_POSITION_")).as(item.id()).isNotNull();
            boolean moved = item.id().equals("h") || item.id().equals("i");
            assertThat(item.algoScore("__delta_rank__") != null).as(item.id()).isEqualTo(moved);
            assertThat(item.property("__traffic_control_id__")).as(item.id()).isEqualTo(moved ? 0 : origin);
        }
    }

    @Test
    void macroControlMovesTheItemsOfAnOverServedApproachTargetDown() {
        publish(task("k1", ControlType.QUANTITY, false, false,
                List.of(target("t_blue", "k1", 1, "color == 'blue'"))));
        serve(50, "blue");
        assertThat(run()).endsWith("b", "c").startsWith("a", "d", "e");
    }

    @Test
    void aPercentTargetUnderItsShareMovesUpAndOneOverItStays() {
        TrafficControlTasks.Task percent = task("k1", ControlType.PERCENT, false, true,
                List.of(target("t_red", "k1", 50, "color == 'red'")));
        publish(percent);
        serve(1, "red", "green", "green", "green"); // 25 % red, aim 50 %
        assertThat(run()).startsWith("h", "i");
        serve(3, "red", "red"); // 7 of 10: above the aim, guaranteed: left alone
        clock.advance(Duration.ofMinutes(1)); // the next measurement
        assertThat(run()).isEqualTo(NATURAL);
    }

    @Test
    void withoutAnyMeasurementMacroControlLeavesTheOrder() {
        publish(redUnderServed("k1", Set.of(), null));
        assertThat(run()).isEqualTo(NATURAL);
    }

    @Test
    void pidMaxUpliftItemCntKeepsThatManyPushedUpTargets() {
        publish(task("k1", ControlType.QUANTITY, false, true, List.of(
                target("t_red", "k1", 1000, "color == 'red'"), target("t_blue", "k1", 1000, "color == 'blue'"))));
        serve(1, "green");
        List<String> both = run();
        assertThat(both.subList(0, 4)).containsExactlyInAnyOrder("b", "c", "h", "i");
        RecContext one = ctx("home", "", Map.of("pid_max_uplift_item_cnt", 1), Map.of());
        // a draw of 0 takes the first target (red); a draw near 1 the last one, as the shares add up in order
        assertThat(run(one, new User("u1"))).startsWith("h", "i", "a", "b", "c");
        TrafficControlSort high = new TrafficControlSort("tc", PidSettings.DEFAULTS, board, () -> 0.99);
        List<String> blue = high.sort(one, new User("u1"), items()).stream().map(Item::id).toList();
        assertThat(blue).startsWith("b", "c", "a", "d");
        assertThat(blue.indexOf("h")).isEqualTo(7);
    }

    @Test
    void microControlMovesUnderServedItemsUpWithinTheLimitCount() {
        publish(task("k1", ControlType.QUANTITY, true, true, List.of(target("t_red", "k1", 1000, "color == 'red'"))));
        assertThat(run()).startsWith("h", "i");
        List<String> limited = run(ctx("home", "", Map.of("pid_single_control_limit_count", 1), Map.of()),
                new User("u1"));
        assertThat(limited.get(0)).isEqualTo("h");
        assertThat(limited.indexOf("i")).isEqualTo(8);
    }

    @Test
    void microControlPushesAnItemServedAboveItsAimDown() {
        publish(task("k1", ControlType.QUANTITY, true, false, List.of(target("t_blue", "k1", 1, "color == 'blue'"))));
        // item b served 30 times today, c never: b goes down, c (never served) up
        for (int k = 0; k < 30; k++) {
            Item b = new Item("b");
            b.setProperty("color", "blue");
            board.record(RecContext.builder("s").sceneId("home").size(5).build(), new User("u"), List.of(b));
        }
        List<String> out = run();
        assertThat(out.get(0)).isEqualTo("c");
        assertThat(out.indexOf("b")).isGreaterThan(1);
    }

    @Test
    void controllersApplyOnlyToTheirScenesAndUsers() {
        publish(redUnderServed("k1", Set.of(), "age >= 18"));
        User adult = new User("u1");
        adult.setProperty("age", 20);
        Item green = new Item("s");
        green.setProperty("color", "green");
        board.record(RecContext.builder("s").sceneId("home").size(5).build(), adult, List.of(green));
        assertThat(run(ctx("home", "", Map.of(), Map.of()), adult)).startsWith("h", "i");
        assertThat(run(ctx("home", "", Map.of(), Map.of()), new User("u2"))).isEqualTo(NATURAL);
        assertThat(run(ctx("other", "", Map.of(), Map.of()), adult)).isEqualTo(NATURAL);
    }

    @Test
    void experimentParamsTurnTasksAndTargetsOffAndStartAfterAPage() {
        publish(redUnderServed("k1", Set.of(), null));
        serve(1, "green");
        assertThat(run(ctx("home", "", Map.of("pid_task_params", Map.of("k1", Map.of("turn_off", true))), Map.of()),
                new User("u"))).isEqualTo(NATURAL);
        assertThat(run(ctx("home", "", Map.of("pid_target_params", Map.of("t_k1", Map.of("turn_off", true))), Map.of()),
                new User("u"))).isEqualTo(NATURAL);
        assertThat(run(ctx("home", "", Map.of("start_page_number", 1), Map.of()), new User("u"))).isEqualTo(NATURAL);
        assertThat(run(ctx("home", "", Map.of("start_page_number", 1), Map.of("page_number", 2)), new User("u")))
                .startsWith("h", "i");
    }

    @Test
    void aTaskNamingExperimentsAppliesToRequestsInThemOnly() {
        publish(redUnderServed("k1", Set.of("7"), null));
        serve(1, "green");
        assertThat(run(ctx("home", "ER1_L1#EG1#E7", Map.of(), Map.of()), new User("u"))).startsWith("h", "i");
        assertThat(run(ctx("home", "ER1_L1#EG1#E71", Map.of(), Map.of()), new User("u"))).isEqualTo(NATURAL);
        assertThat(run(ctx("home", "ER7_L1#EG7", Map.of(), Map.of()), new User("u"))).isEqualTo(NATURAL);
        assertThat(run(ctx("home", "", Map.of(), Map.of()), new User("u"))).isEqualTo(NATURAL);
    }

    @Test
    void aTaskOutsideItsTimeWindowDoesNothing() {
        TrafficControlTasks.Task windowed = new TrafficControlTasks.Task("k1", "", Set.of("home"), true,
                MIDNIGHT.plus(Duration.ofHours(13)), MIDNIGHT.plus(Duration.ofHours(14)), null, null,
                ControlType.QUANTITY, false, true, Set.of(), List.of(target("t1", "k1", 1000, "color == 'red'")));
        publish(windowed);
        serve(1, "green");
        assertThat(run()).isEqualTo(NATURAL);
        clock.advance(Duration.ofMinutes(90));
        serve(1, "green");
        assertThat(run()).startsWith("h", "i");
    }

    @Test
    void theControllersFollowTheTasksPublishedLater() {
        publish(redUnderServed("k1", Set.of(), null));
        serve(1, "green");
        assertThat(run()).startsWith("h", "i");
        board.publish(TrafficControlTasks.NONE);
        assertThat(run()).isEqualTo(NATURAL);
    }

    @Test
    void theTablesMatchPaiRecs() {
        assertThat(TrafficControlSort.expScore(0.5)).isEqualTo(Math.exp(0.5));
        assertThat(TrafficControlSort.expScore(2)).isEqualTo(Math.exp(0.999));
        assertThat(TrafficControlSort.tanh(-1)).isZero();
        assertThat(TrafficControlSort.tanh(10)).isEqualTo(Math.tanh(2.999));
        assertThat(TrafficControlSort.sigmoid(1, 1)).isEqualTo(1 / (1 + Math.exp(5)));
        assertThat(TrafficControlSort.sigmoid(10, 1)).isEqualTo(0.5);
        assertThat(TrafficControlSort.sigmoid(20, 1)).isEqualTo(1);
    }

    @Test
    void factoryReadsPidConfAndRefusesUnknownKeys() {
        TrafficControlSort.Factory f = new TrafficControlSort.Factory();
        assertThat(SortTesting.check(f, conf("PIDConf", Map.of("DefaultKp", 500, "AllocateExperimentWise", true,
                "FreezeMinutes", 30)))).isEmpty();
        assertThat(SortTesting.check(f, conf("PIDConf", Map.of("DefaultKq", 1, "FreezeMinutes", -1))))
                .anySatisfy(m -> assertThat(m).contains("PIDConf.DefaultKq").contains("unknown PIDConf key"))
                .anySatisfy(m -> assertThat(m).contains("PIDConf.FreezeMinutes"));
        ComponentConfig c = ComponentConfig.of("SortConfs[0]", Map.of("Name", "tc", "SortType", "TrafficControlSort"));
        assertThatThrownBy(() -> f.create(c, TestPluginContext.builder().build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runs inside the engine");
        assertThat(f.create(c, TestPluginContext.builder().service(TrafficControlBoard.class, board).build()))
                .isInstanceOf(TrafficControlSort.class);
    }
}
