package io.recengine.core.pipeline;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code ColdStartRankConfs[scene]} ({@code RecallName}, {@code AlgoName}) and a pipeline's
 * {@code ColdStartRankConf}: items of one recall scored by a model of their own. In the scene's rank those
 * items are kept out of the {@code RankConf} models and out of {@code RankScore}; the model's score is the
 * item's score. Without {@code AlgoName} they stay unscored (PAI-Rec still keeps them out of the main
 * models). As PAI-Rec's rank service does, the cold-start model runs beside the main models, not after
 * them: it is started on a {@link StagePool} thread before the main batches are sent and waited for after
 * the main {@code RankScore} (on the calling thread, after the main models, when no stage thread is free).
 * In a pipeline, every item of the pipeline goes to the model, after the pipeline's rank. The model is
 * called through the same rank machinery as any algo (timeouts, bulkhead, failures degrade to unscored
 * items), with all items in one request as PAI-Rec sends them. Immutable.
 */
final class ColdStartRank {

    private static final Logger LOG = LoggerFactory.getLogger(ColdStartRank.class);
    /** One request for all cold-start items, as PAI-Rec sends them. */
    private static final int ONE_BATCH = 1_000_000;

    private final String scene;
    private final String recallName;
    private final String algo;
    private final RankStage model;
    /** Where the model runs while the main models run on the calling thread. */
    private final Executor pool;

    ColdStartRank(String scene, String recallName, String algo, RankStage model, Executor pool) {
        this.scene = scene;
        this.recallName = recallName;
        this.algo = algo;
        this.model = model;
        this.pool = pool;
    }

    /** @param conf a {@code ColdStartRankConfig}; null when the config has none */
    static ColdStartRank build(String scene, ComponentConfig conf, StageWiring w) {
        if (conf == null || conf.isEmpty()) {
            return null;
        }
        String algo = conf.string("AlgoName");
        RankStage model = algo.isEmpty() ? RankStage.NONE : w.modelRank(scene, ComponentConfig.of(conf.path(),
                Map.of("RankAlgoList", List.of(algo), "BatchCount", ONE_BATCH)));
        return new ColdStartRank(scene, conf.string("RecallName"), algo, model, w.stagePool());
    }

    /** True when {@code item} came from this rank's recall. */
    boolean owns(Item item) {
        return recallName.equals(item.retrieveId());
    }

    /**
     * The scene's rank with this cold-start rank: the {@code main} models score the other items, this
     * model the recall's, both at once (see the class comment); returns when both are done. PAI-Rec runs
     * neither when the scene's {@code RankConf} has no models and no {@code RankScore} ({@code main} is
     * {@link RankStage#NONE}).
     *
     * @param cold null when the scene has no cold-start rank
     */
    static void rankScene(RankStage main, ColdStartRank cold, RecContext ctx, User user, List<Item> items,
                          EngineMetrics metrics, RequestTrace trace) {
        if (cold == null || main == RankStage.NONE) {
            main.rank(ctx, user, items);
            return;
        }
        List<Item> rest = new ArrayList<>(items.size());
        List<Item> own = new ArrayList<>();
        for (Item it : items) {
            (cold.owns(it) ? own : rest).add(it);
        }
        if (rest.isEmpty()) {
            cold.rankTimed(ctx, user, own, metrics, trace);
            return;
        }
        Runnable coldDone = cold.startBeside(ctx, user, own, metrics, trace);
        main.rank(ctx, user, rest);
        coldDone.run();
    }

    /**
     * Starts {@link #rank} of {@code items} on the pool; the returned task waits for it to end (the model
     * is bounded by its own timeout and the request deadline, as the main models are). When the pool has
     * no free thread the returned task is the rank itself, run by the caller after the main models.
     */
    private Runnable startBeside(RecContext ctx, User user, List<Item> items, EngineMetrics metrics,
                                 RequestTrace trace) {
        if (model == RankStage.NONE || items.isEmpty()) {
            return () -> { };
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    rankTimed(ctx, user, items, metrics, trace);
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            return () -> rankTimed(ctx, user, items, metrics, trace);
        }
        return done::join;
    }

    /** {@link #rank}, recorded in {@code trace} (null for none) as run beside the scene's models. */
    private void rankTimed(RecContext ctx, User user, List<Item> items, EngineMetrics metrics, RequestTrace trace) {
        long t0 = trace == null ? 0 : trace.now();
        rank(ctx, user, items, metrics);
        if (trace != null && model != RankStage.NONE && !items.isEmpty()) {
            trace.coldStartRankBeside(algo, recallName, items, t0, trace.now());
        }
    }

    /** A pipeline's cold-start rank of all its {@code items}, recorded in {@code trace} (null for none). */
    void rank(RecContext ctx, User user, List<Item> items, EngineMetrics metrics, RequestTrace trace) {
        rank(ctx, user, items, metrics);
        if (trace != null && model != RankStage.NONE && !items.isEmpty()) {
            trace.coldStartRank(algo, items);
        }
    }

    /** Scores {@code items} with the model: its score becomes the item's score; unscored items keep theirs. */
    void rank(RecContext ctx, User user, List<Item> items, EngineMetrics metrics) {
        if (model == RankStage.NONE || items.isEmpty()) {
            return;
        }
        try {
            model.rank(ctx, user, items);
        } catch (RuntimeException e) {
            metrics.failure("rank", algo, scene, FailureText.label(e)).increment();
            LOG.warn("cold start rank {} failed (scene={}, requestId={})", algo, scene, ctx.requestId(), e);
            ctx.log("ERROR", "module=ColdStartRank\t" + FailureText.of("cold start rank '" + algo + "'", e));
            return;
        }
        for (Item it : items) {
            Double s = it.algoScore(algo);
            if (s != null) {
                it.setScore(s);
            }
        }
    }
}
