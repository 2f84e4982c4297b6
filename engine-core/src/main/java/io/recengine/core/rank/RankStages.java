package io.recengine.core.rank;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.ComponentCatalog;
import io.recengine.core.pipeline.Stages;
import io.recengine.spi.ComponentConfig;

import java.util.concurrent.ExecutorService;

/** Builds a scene's rank stage from {@code RankConf[scene]}. (Placeholder until the ranking work lands.) */
public final class RankStages {

    private RankStages() {
    }

    /**
     * @param scene    the scene
     * @param rankConf {@code RankConf[scene]}, or null when the scene has none
     * @param catalog  built components: {@code catalog.ranker(algoName)}, {@code catalog.algoConf(algoName)}
     * @param pool     bounded pool for concurrent batches
     */
    public static Stages.RankStage build(String scene, ComponentConfig rankConf, ComponentCatalog catalog,
                                         EngineMetrics metrics, ExecutorService pool) {
        return Stages.RankStage.NONE;
    }

    /**
     * The callback's rank: all items in one request per algo of {@code CallBackConfs[scene].RankConf},
     * the response functions' {@code ...Debug} variants, at {@code debugLevel} (3 by default, 1 with raw
     * features sampled, 2 for debug requests); attaches algo scores and the model's
     * {@code generate_features}, {@code context_features}, {@code raw_features} as item properties.
     * Returns a no-op when {@code rankConf} is null or has no {@code RankAlgoList}.
     */
    public static CallbackRank buildCallback(String scene, ComponentConfig rankConf, ComponentCatalog catalog,
                                             EngineMetrics metrics, ExecutorService pool) {
        return (ctx, user, items, debugLevel) -> { };
    }

    /** The callback's rank step. Must not throw: a failure leaves items without generated features. */
    @FunctionalInterface
    public interface CallbackRank {
        void rank(io.recengine.spi.RecContext context, io.recengine.spi.User user,
                  java.util.List<io.recengine.spi.Item> items, int debugLevel);
    }
}
