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
}
