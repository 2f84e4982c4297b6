package io.recengine.core.pipeline;

import io.micrometer.core.instrument.Timer;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A scene's coarse rank, between the filters and the item features: {@code GeneralRankConfs[scene]}, and
 * with it {@code ColdStartGeneralRankConfs[scene]} (PAI-Rec reads the cold-start one only when the scene
 * has a coarse rank). Items whose recall is one of the cold-start {@code RecallNames} are coarse-ranked by
 * the cold-start rank on their own; the answer is the coarse-ranked rest followed by them. Timed as
 * {@code pairec_general_rank_duration_seconds}. Immutable.
 */
final class GeneralRankStage {

    private final GeneralRank main;
    private final GeneralRank coldStart;
    private final Set<String> coldStartRecalls;
    private final EngineMetrics metrics;
    private final Timer timer;

    /** @param coldStart null for none */
    GeneralRankStage(String scene, GeneralRank main, GeneralRank coldStart, Set<String> coldStartRecalls,
                     EngineMetrics metrics) {
        this.main = main;
        this.coldStart = coldStart;
        this.coldStartRecalls = Set.copyOf(coldStartRecalls);
        this.metrics = metrics;
        this.timer = metrics.stageTimer("general_rank", "scene", scene, "exp_id", "");
    }

    /** @param trace the diagnosed request's trace, null for none */
    List<Item> rank(RecContext ctx, User user, List<Item> items, RequestTrace trace) {
        long t0 = System.nanoTime();
        List<Item> out;
        if (coldStart == null) {
            out = main.rank(ctx, user, items, metrics, trace, "GeneralRankConfs");
        } else {
            List<Item> rest = new ArrayList<>(items.size());
            List<Item> cold = new ArrayList<>();
            for (Item it : items) {
                (coldStartRecalls.contains(it.retrieveId()) ? cold : rest).add(it);
            }
            out = main.rank(ctx, user, rest, metrics, trace, "GeneralRankConfs");
            out.addAll(coldStart.rank(ctx, user, cold, metrics, trace, "ColdStartGeneralRankConfs"));
        }
        timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        return out;
    }
}
