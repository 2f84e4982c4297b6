package io.recengine.core.rank;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** No assertion depends on how long anything takes. */
class RankStagesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EngineMetrics metrics = new EngineMetrics(registry);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private RankStages.SceneRank stage(Map<String, Object> rankConf, Map<String, Ranker> rankers) {
        return stage(rankConf, rankers, Map.of());
    }

    /** Algo timeouts are generous (a minute) unless {@code timeoutsMs} names the algo. */
    private RankStages.SceneRank stage(Map<String, Object> rankConf, Map<String, Ranker> rankers,
                                       Map<String, Integer> timeoutsMs) {
        RankConf rc = RankConf.parse("RankConf.s", ComponentConfig.of("RankConf.s", rankConf));
        List<RankStages.Algo> algos = new ArrayList<>();
        rankers.forEach((name, r) -> algos.add(new RankStages.Algo(name, r,
                ComponentConfig.of("AlgoConfs[0]", Map.of("Name", name, "Type", "Local",
                        "LocalConf", Map.of("Timeout", timeoutsMs.getOrDefault(name, 60_000)))),
                "s", metrics)));
        return new RankStages.SceneRank("s", rc, algos, metrics, pool);
    }

    private double failures(String algo, String outcome) {
        return registry.get("recengine.component.failures").tags("component", algo, "outcome", outcome).counter().count();
    }

    private static List<Item> items(int n) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Item("i" + i, "rec", 1.0 / (i + 1)));
        }
        return out;
    }

    /** A multi-task model: ctr = 0.1 * (index + 1) by id, cvr decreasing. */
    private static final Ranker DBMTL = req -> {
        List<ItemScores> out = new ArrayList<>();
        for (Item it : req.items()) {
            int k = Integer.parseInt(it.id().substring(1));
            out.add(ItemScores.of(Map.of("probs_ctr", 0.1 * (k + 1), "probs_cvr", 1.0 - 0.05 * k)));
        }
        return out;
    };

    @Test
    void rankScoreOfTwoOutputsOrdersItems() {
        RankStages.SceneRank st = stage(Map.of("RankAlgoList", List.of("dbmtl"),
                "RankScore", "${dbmtl_probs_ctr} * ${dbmtl_probs_cvr}", "BatchCount", 3), Map.of("dbmtl", DBMTL));
        List<Item> items = items(10);
        st.rank(RecContext.builder("r1").build(), new User("u"), items);
        for (int k = 0; k < 10; k++) {
            Item it = items.get(k);
            assertThat(it.algoScore("dbmtl_probs_ctr")).isCloseTo(0.1 * (k + 1), within(1e-12));
            assertThat(it.score()).isCloseTo(0.1 * (k + 1) * (1.0 - 0.05 * k), within(1e-12));
        }
        List<String> order = items.stream().sorted((a, b) -> Double.compare(b.score(), a.score())).map(Item::id).toList();
        // 0.1(k+1)(1-0.05k) peaks at k = 9 (1.0 * 0.55) then k = 8 (0.9 * 0.6 = 0.54)
        assertThat(order.subList(0, 3)).containsExactly("i9", "i8", "i7");
        // implicit item features, as PAI-Rec (non-EasyRec processor)
        assertThat(items.get(1).properties()).containsEntry("rec", 0.5).containsEntry("recall_name", "rec")
                .containsEntry("recall_score", 0.5);
    }

    @Test
    void abParameterWinsThenAlgoScoreThenProperty() {
        RankStages.SceneRank st = stage(Map.of("RankAlgoList", List.of("m"), "RankScore", "${m} + ${w} + ${price} + ${current_score}"),
                Map.of("m", req -> req.items().stream().map(i -> ItemScores.of(2.0)).toList()));
        List<Item> items = items(1);
        items.get(0).setProperty("price", "5");
        items.get(0).setProperty("w", 100);
        st.rank(RecContext.builder("r").abParams(Map.of("w", 7, "m", 0)).build(), new User("u"), items);
        assertThat(items.get(0).score()).isEqualTo(2 + 7 + 5 + 1);
        assertThat(items.get(0).algoScore("recall_score")).isEqualTo(1.0);
    }

    @Test
    void scoreRewriteRunsFirstAndEmptyRankScoreKeepsTheScore() {
        RankStages.SceneRank st = stage(Map.of("RankAlgoList", List.of("m"), "RankScore", "${m}",
                "ScoreRewrite", Map.of("m", "${m} * 10")), Map.of("m", req -> req.items().stream().map(i -> ItemScores.of(2.0)).toList()));
        List<Item> items = items(2);
        st.rank(RecContext.builder("r").build(), new User("u"), items);
        assertThat(items.get(0).score()).isEqualTo(20);

        RankStages.SceneRank noScore = stage(Map.of("RankAlgoList", List.of("m")),
                Map.of("m", req -> req.items().stream().map(i -> ItemScores.of(2.0)).toList()));
        List<Item> more = items(2);
        noScore.rank(RecContext.builder("r").build(), new User("u"), more);
        assertThat(more.get(1).score()).isEqualTo(0.5);
        assertThat(more.get(1).algoScore("m")).isEqualTo(2.0);
    }

    @Test
    void failedAndLateBatchesLeaveItemsUnscoredAndAreCounted() {
        Ranker failing = req -> {
            if (req.items().get(0).id().equals("i0")) {
                throw new ComponentException("bad", ComponentException.Kind.DEPENDENCY, "down");
            }
            return req.items().stream().map(i -> ItemScores.of(1.0)).toList();
        };
        AtomicBoolean interrupted = new AtomicBoolean();
        Ranker slow = req -> {
            if (req.items().get(0).id().equals("i2")) {
                try {
                    new CountDownLatch(1).await(); // never answers; only its budget ends it
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw new ComponentException("slow", ComponentException.Kind.TIMEOUT, "interrupted");
                }
            }
            return req.items().stream().map(i -> ItemScores.of(3.0)).toList();
        };
        Ranker wrongSize = req -> List.of();
        // "slow" has 2 s (+ grace) per batch, ample even on a loaded machine: its first batch answers at once, its second never
        RankStages.SceneRank st = stage(Map.of("RankAlgoList", List.of("bad", "slow", "size"), "BatchCount", 2),
                Map.of("bad", failing, "slow", slow, "size", wrongSize), Map.of("slow", 2_000));
        List<Item> items = items(4);
        st.rank(RecContext.builder("r").build(), new User("u"), items);
        assertThat(items.get(0).algoScore("bad")).isNull();
        assertThat(items.get(2).algoScore("bad")).isEqualTo(1.0);
        assertThat(items.get(0).algoScore("slow")).isEqualTo(3.0);
        assertThat(items.get(2).algoScore("slow")).isNull();
        assertThat(items.get(0).algoScore("size")).isNull();
        assertThat(failures("bad", "error")).isEqualTo(1);
        assertThat(failures("slow", "timeout")).isEqualTo(1);
        assertThat(failures("size", "error")).isEqualTo(2);
    }

    @Test
    void aPassedRequestDeadlineStartsNoBatchAndCountsTimeouts() {
        AtomicBoolean called = new AtomicBoolean();
        RankStages.SceneRank st = stage(Map.of("RankAlgoList", List.of("m"), "BatchCount", 2),
                Map.of("m", req -> {
                    called.set(true);
                    return req.items().stream().map(i -> ItemScores.of(2.0)).toList();
                }));
        List<Item> items = items(4);
        st.rank(RecContext.builder("r").deadlineNanos(System.nanoTime() - 1).build(), new User("u"), items);
        assertThat(called).isFalse();
        assertThat(items).allSatisfy(i -> assertThat(i.algoScore("m")).isNull());
        assertThat(failures("m", "timeout")).isEqualTo(2);
    }

    @Test
    void aFullPoolLeavesTheBatchUnscoredAndCountsItAsRejected() {
        java.util.concurrent.Executor full = task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        RankConf rc = RankConf.parse("RankConf.s", ComponentConfig.of("RankConf.s", Map.of("RankAlgoList", List.of("m"))));
        RankStages.SceneRank st = new RankStages.SceneRank("s", rc, List.of(new RankStages.Algo("m",
                req -> req.items().stream().map(i -> ItemScores.of(2.0)).toList(),
                ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "m", "Type", "Local")), "s", metrics)), metrics, full);
        List<Item> items = items(2);
        st.rank(RecContext.builder("r").build(), new User("u"), items);
        assertThat(items.get(0).algoScore("m")).isNull();
        assertThat(failures("m", "rejected")).isEqualTo(1);
    }

    @Test
    void callbackConfigAppendsDebugToTheResponseFunction() {
        ComponentConfig c = ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "dbmtl", "Type", "EAS",
                "EasConf", Map.of("Processor", "EasyRec", "ResponseFuncName", "easyrecMutValResponseFunc")));
        ComponentConfig cb = RankStages.callbackConfig(c, "dbmtl_callback");
        assertThat(cb.name()).isEqualTo("dbmtl_callback");
        assertThat(cb.child("EasConf").string("ResponseFuncName")).isEqualTo("easyrecMutValResponseFuncDebug");
        assertThat(c.child("EasConf").string("ResponseFuncName")).isEqualTo("easyrecMutValResponseFunc");
    }

    @Test
    void badExpressionsAreConfigErrorsNamingTheKey() {
        List<ConfigException> p = RankConf.check("RankConf.home", ComponentConfig.of("RankConf.home",
                Map.of("RankScore", "${a} *", "ScoreRewrite", Map.of("x", "(1"))));
        assertThat(p).extracting(Throwable::getMessage).containsExactly(
                "RankConf.home, key RankScore: invalid expression: expression ends where an operand is expected at position 6 in \"${a} *\"",
                "RankConf.home, key ScoreRewrite.x: invalid expression: unclosed '(' at position 0 in \"(1\"");
    }
}
