package io.recengine.core.pipeline;

import io.recengine.core.config.CategoryConfig;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * A pipeline per configured scene ({@code SceneConfs}), wired from the components of one catalog. Part of
 * a generation: built with it, never changed, dropped with it.
 */
public final class ScenePipelines {

    /** The metrics label of requests for scenes that are not configured. */
    public static final String UNKNOWN_SCENE = "unknown";

    private final EngineConfig config;
    private final ComponentCatalog catalog;
    private final RecallRunner recallRunner;
    /** Per-component concurrency limits, shared by every scene of the generation. */
    private final ComponentLimits rankLimits;
    private final ComponentLimits featureLimits;
    private final EngineMetrics metrics;
    private final Map<String, ScenePipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, ScenePipeline> unknownScenes = new ConcurrentHashMap<>();
    /** The variants experiment parameters ask for (clones, rank confs, other scenes' features). */
    private ExperimentStages experimentStages;

    private ScenePipelines(EngineConfig config, ComponentCatalog catalog, RecallRunner recallRunner,
                           ComponentLimits rankLimits, ComponentLimits featureLimits, EngineMetrics metrics) {
        this.config = config;
        this.catalog = catalog;
        this.recallRunner = recallRunner;
        this.rankLimits = rankLimits;
        this.featureLimits = featureLimits;
        this.metrics = metrics;
    }

    /**
     * Wires every scene of {@code config}. Problems met on the way (a feature stage that cannot be built)
     * are added to {@code problems}; the scene is still wired without that stage.
     */
    public static ScenePipelines build(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics,
                                       ExecutorService recallPool, ExecutorService pluginPool, Clock clock,
                                       List<ConfigException> problems) {
        ComponentLimits recallLimits = recallLimits(config, catalog, recallPool, metrics, problems);
        // the plugin pool is shared by rank models, feature DAOs and the plugins' own parallel queries
        ComponentLimits rankLimits = ComponentLimits.whole("rank", pluginPool, metrics);
        ComponentLimits featureLimits = ComponentLimits.shared("feature", pluginPool, Integer.MAX_VALUE, metrics);
        ScenePipelines s = new ScenePipelines(config, catalog, new RecallRunner(recallPool, metrics, recallLimits::get),
                rankLimits, featureLimits, metrics);
        s.experimentStages = new ExperimentStages(config, catalog, metrics, pluginPool, clock,
                algo -> bulkhead(rankLimits, algo, catalog.algoConf(algo).orElse(null), new ArrayList<>()),
                dao -> bulkhead(featureLimits, dao.component(), dao, new ArrayList<>()),
                wiringProblems -> new StageWiring(config, catalog, metrics, pluginPool, clock, rankLimits, featureLimits,
                        s.recallRunner, wiringProblems));
        for (Map.Entry<String, Map<String, CategoryConfig>> e : config.scenes().entrySet()) {
            s.pipelines.put(e.getKey(), s.pipeline(e.getKey(), e.getValue(), pluginPool, clock, problems));
        }
        return s;
    }

    /**
     * One bulkhead per recall the scenes use, on the recall pool: {@code RecallConfs[i].MaxConcurrency}, else
     * the default of {@link ComponentLimits#shared} over the number of those recalls.
     */
    private static ComponentLimits recallLimits(EngineConfig config, ComponentCatalog catalog, ExecutorService pool,
                                                EngineMetrics metrics, List<ConfigException> problems) {
        Set<String> used = new LinkedHashSet<>();
        config.scenes().values().forEach(categories -> categories.values().forEach(cc -> cc.recallNames().stream()
                .filter(n -> catalog.recall(n).isPresent()).forEach(used::add)));
        if (config.root().raw("PipelineConfs") instanceof Map<?, ?> pipelines) { // the mini-pipelines' recalls too
            pipelines.values().forEach(list -> ComponentConfig.of("PipelineConfs", Map.of("p", list)).children("p")
                    .forEach(p -> p.stringList("RecallNames").stream().filter(n -> catalog.recall(n).isPresent())
                            .forEach(used::add)));
        }
        ComponentLimits limits = ComponentLimits.shared("recall", pool, used.size(), metrics);
        Map<String, ComponentConfig> confs = new LinkedHashMap<>();
        for (ComponentConfig c : config.recallConfs()) {
            confs.put(c.name(), c);
        }
        for (String name : used) {
            bulkhead(limits, name, confs.get(name), problems);
        }
        return limits;
    }

    /** The component's bulkhead; a bad {@code MaxConcurrency} is a problem, and the component goes without. */
    private static Bulkhead bulkhead(ComponentLimits limits, String name, ComponentConfig conf,
                                     List<ConfigException> problems) {
        try {
            return limits.bulkhead(name, conf);
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    private ScenePipeline pipeline(String scene, Map<String, CategoryConfig> categories, ExecutorService pluginPool,
                                   Clock clock, List<ConfigException> problems) {
        Map<String, List<ComponentCatalog.NamedRecall>> recalls = new LinkedHashMap<>();
        categories.forEach((cat, cc) -> {
            List<ComponentCatalog.NamedRecall> list = new ArrayList<>();
            for (String name : cc.recallNames()) {
                catalog.recall(name).ifPresent(list::add);
            }
            recalls.put(cat, list);
        });
        List<ComponentCatalog.Named<Filter>> filters = filters(scene);
        Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory = new LinkedHashMap<>();
        List<String> sceneSorts = config.sortNames().get(scene);
        for (String cat : categories.keySet()) {
            if (sceneSorts == null && config.sortNames().containsKey(cat)) {
                sortsByCategory.put(cat, sorts(config.sortNames().get(cat)));
            }
        }
        List<ComponentCatalog.Named<Sort>> defaultSorts = sorts(sceneSorts != null ? sceneSorts
                : config.sortNames().getOrDefault("default", List.of(EngineConfig.ITEM_RANK_SCORE)));
        FeatureStage user = featureStage(config.userFeatureConfs().get(scene), true, pluginPool, clock, problems);
        FeatureStage item = featureStage(config.featureConfs().get(scene), false, pluginPool, clock, problems);
        Map<String, List<String>> outputFields = new LinkedHashMap<>();
        categories.forEach((cat, cc) -> outputFields.put(cat, cc.outputFields()));
        RankStage rank = RankStages.build(scene, config.rankConfs().get(scene), catalog, metrics, pluginPool,
                algo -> bulkhead(rankLimits, algo, catalog.algoConf(algo).orElse(null), problems));
        SceneStages stages = SceneStages.build(scene, categories, new StageWiring(config, catalog, metrics, pluginPool,
                clock, rankLimits, featureLimits, recallRunner, problems));
        return new ScenePipeline(scene, recalls, filters, sortsByCategory, defaultSorts, user, item,
                rank, recallRunner, metrics, outputFields, experimentStages, stages);
    }

    /** {@code FilterNames[scene]}, else {@code FilterNames["default"]}. */
    private List<ComponentCatalog.Named<Filter>> filters(String scene) {
        List<String> names = config.filterNames().get(scene);
        if (names == null) {
            names = config.filterNames().getOrDefault("default", List.of());
        }
        List<ComponentCatalog.Named<Filter>> out = new ArrayList<>();
        for (String n : names) {
            catalog.filter(n).ifPresent(f -> out.add(new ComponentCatalog.Named<>(n, f)));
        }
        return out;
    }

    private List<ComponentCatalog.Named<Sort>> sorts(List<String> names) {
        List<ComponentCatalog.Named<Sort>> out = new ArrayList<>();
        for (String n : names.isEmpty() ? List.of(EngineConfig.ITEM_RANK_SCORE) : names) { // PAI-Rec: [] sorts by score
            catalog.sort(n).ifPresent(s -> out.add(new ComponentCatalog.Named<>(n, s)));
        }
        return out;
    }

    private FeatureStage featureStage(ComponentConfig conf, boolean user, ExecutorService pool, Clock clock,
                                      List<ConfigException> problems) {
        if (conf == null) {
            return null;
        }
        try {
            return FeatureStage.build(conf, user, catalog.featureDaoFactory(), pool, clock, metrics.registry(),
                    dao -> bulkhead(featureLimits, dao.component(), dao, problems));
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    /**
     * The scene's pipeline. An unknown scene gets a pipeline without recalls (PAI-Rec: empty recall,
     * answer 299) that still applies the default filters and sorts.
     */
    public ScenePipeline pipeline(String scene) {
        ScenePipeline p = pipelines.get(scene);
        if (p != null) {
            return p;
        }
        // One shared pipeline labelled "unknown": request-supplied scene ids must not create meters.
        return unknownScenes.computeIfAbsent(UNKNOWN_SCENE, s -> new ScenePipeline(s, Map.of(), filters("default"),
                Map.of(), sorts(config.sortNames().getOrDefault("default", List.of(EngineConfig.ITEM_RANK_SCORE))),
                null, null, RankStage.NONE, recallRunner, metrics, Map.of(), experimentStages));
    }

    public boolean hasScene(String scene) {
        return pipelines.containsKey(scene);
    }

    public List<String> scenes() {
        return List.copyOf(pipelines.keySet());
    }
}
