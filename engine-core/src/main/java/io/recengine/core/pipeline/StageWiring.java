package io.recengine.core.pipeline;

import io.recengine.core.config.EngineConfig;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.rank.RankStages;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Sort;
import io.recengine.spi.concurrent.Bulkhead;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What the stages beside the scene's fixed order ({@link GeneralRank}, {@link ColdStartRank},
 * {@link SubPipeline}, {@link SceneFallback}) are built from: one generation's catalog, pools, limits and
 * metrics. Build-time only; problems go to {@code problems} and the stage is built without the part.
 */
final class StageWiring {

    final EngineConfig config;
    final ComponentCatalog catalog;
    final EngineMetrics metrics;
    final ExecutorService pluginPool;
    final Clock clock;
    final ComponentLimits rankLimits;
    final ComponentLimits featureLimits;
    final RecallRunner recallRunner;
    final List<ConfigException> problems;
    /** The recall of a name: the catalog's, or an experiment's clone ({@code recall.<name>}). */
    private final Function<String, Optional<ComponentCatalog.NamedRecall>> recallLookup;

    StageWiring(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics, ExecutorService pluginPool,
                Clock clock, ComponentLimits rankLimits, ComponentLimits featureLimits, RecallRunner recallRunner,
                List<ConfigException> problems) {
        this(config, catalog, metrics, pluginPool, clock, rankLimits, featureLimits, recallRunner, problems,
                catalog::recall);
    }

    private StageWiring(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics, ExecutorService pluginPool,
                        Clock clock, ComponentLimits rankLimits, ComponentLimits featureLimits, RecallRunner recallRunner,
                        List<ConfigException> problems, Function<String, Optional<ComponentCatalog.NamedRecall>> recallLookup) {
        this.recallLookup = recallLookup;
        this.config = config;
        this.catalog = catalog;
        this.metrics = metrics;
        this.pluginPool = pluginPool;
        this.clock = clock;
        this.rankLimits = rankLimits;
        this.featureLimits = featureLimits;
        this.recallRunner = recallRunner;
        this.problems = problems;
    }

    /**
     * This wiring with {@code recalls} answering recall names first (an experiment's mini-pipeline variant
     * runs the {@code recall.<name>} clones, as PAI-Rec's pipeline recall does).
     */
    StageWiring withRecalls(Map<String, ComponentCatalog.NamedRecall> recalls) {
        return new StageWiring(config, catalog, metrics, pluginPool, clock, rankLimits, featureLimits, recallRunner,
                problems, n -> recalls.containsKey(n) ? Optional.of(recalls.get(n)) : catalog.recall(n));
    }

    /** The pool of mini-pipelines and fallback-guarded scene runs ({@link StagePool#shared()}). */
    ExecutorService stagePool() {
        return StagePool.shared();
    }

    /**
     * The feature loads of a {@code FeatureLoadConfs} list (loaded concurrently, as PAI-Rec's coarse rank
     * and pipelines do); null when the list is empty or does not build.
     */
    FeatureStage featureLoads(String where, Object featureLoadConfs) {
        if (!(featureLoadConfs instanceof List<?> l) || l.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AsynLoadFeature", true);
        m.put("FeatureLoadConfs", l);
        try {
            return FeatureStage.build(ComponentConfig.of(where, m), false, catalog.featureDaoFactory(), pluginPool,
                    clock, metrics.registry(), dao -> bulkhead(featureLimits, dao.component(), dao));
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    /** A {@code RankConfig}'s models in batches and its {@code RankScore}; {@link RankStage#NONE} without algos. */
    RankStage modelRank(String scene, ComponentConfig rankConf) {
        if (rankConf == null || rankConf.stringList("RankAlgoList").isEmpty()) {
            return RankStage.NONE;
        }
        try {
            return RankStages.build(scene, rankConf, catalog, metrics, pluginPool,
                    algo -> bulkhead(rankLimits, algo, catalog.algoConf(algo).orElse(null)));
        } catch (ConfigException e) {
            problems.add(e);
            return RankStage.NONE;
        }
    }

    List<ComponentCatalog.NamedRecall> recalls(List<String> names) {
        List<ComponentCatalog.NamedRecall> out = new ArrayList<>();
        for (String n : names) {
            recallLookup.apply(n).ifPresent(out::add);
        }
        return out;
    }

    List<ComponentCatalog.Named<Filter>> filters(List<String> names) {
        List<ComponentCatalog.Named<Filter>> out = new ArrayList<>();
        for (String n : names) {
            catalog.filter(n).ifPresent(f -> out.add(new ComponentCatalog.Named<>(n, f)));
        }
        return out;
    }

    List<ComponentCatalog.Named<Sort>> sorts(List<String> names) {
        List<ComponentCatalog.Named<Sort>> out = new ArrayList<>();
        for (String n : names) {
            catalog.sort(n).ifPresent(s -> out.add(new ComponentCatalog.Named<>(n, s)));
        }
        return out;
    }

    private Bulkhead bulkhead(ComponentLimits limits, String name, ComponentConfig conf) {
        try {
            return limits.bulkhead(name, conf);
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }
}
