package io.recengine.core.pipeline;

import io.recengine.core.callback.CallbackStages;
import io.recengine.core.config.CategoryConfig;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.match.MatchService;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Sort;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One config generation, the engine's one unit of configuration: the components (catalog), a pipeline per
 * scene, the callback stages and the match engine's table definitions, built together from one config and
 * immutable. Reload is the model (Vespa's): a reload would build a new generation, swap it in
 * ({@code RecEngine} holds it in a volatile field and every request reads it once) and close the old one
 * after its in-flight requests. Reload itself is not implemented yet; the engine builds one generation at
 * start. What lives as long as the engine (thread pools, the callback queue and workers, the match
 * engine's loaded data) takes the current generation's parts.
 */
public final class EngineGeneration implements AutoCloseable {

    /** The metrics label of requests for scenes that are not configured. */
    public static final String UNKNOWN_SCENE = "unknown";

    private final EngineConfig config;
    private final ComponentCatalog catalog;
    private final MatchService.Definitions matchDefinitions;
    private CallbackStages callbackStages = CallbackStages.NONE;
    private final Map<String, ScenePipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, ScenePipeline> unknownScenes = new ConcurrentHashMap<>();
    private final RecallRunner recallRunner;
    private final EngineMetrics metrics;

    private EngineGeneration(EngineConfig config, ComponentCatalog catalog, MatchService.Definitions matchDefinitions,
                             RecallRunner recallRunner, EngineMetrics metrics) {
        this.config = config;
        this.catalog = catalog;
        this.matchDefinitions = matchDefinitions;
        this.recallRunner = recallRunner;
        this.metrics = metrics;
    }

    /**
     * Builds every component, pipeline and callback stage, with the match table definitions parsed from
     * {@code config}. The config must have passed validation.
     */
    public static EngineGeneration build(EngineConfig config, PluginRegistry registry, EngineMetrics metrics,
                                         ExecutorService recallPool, ExecutorService pluginPool, Clock clock,
                                         Map<Class<?>, Object> services) {
        return build(config, MatchService.definitions(config), registry, metrics, recallPool, pluginPool, clock,
                services);
    }

    /**
     * Builds every component, pipeline and callback stage. The config must have passed validation; problems
     * met while creating components (a factory that throws) are reported together.
     *
     * @param matchDefinitions {@code MatchEngineConf} as parsed from {@code config}
     * @param services         engine services for plugins (the match engine loaded from the definitions)
     */
    public static EngineGeneration build(EngineConfig config, MatchService.Definitions matchDefinitions,
                                         PluginRegistry registry, EngineMetrics metrics, ExecutorService recallPool,
                                         ExecutorService pluginPool, Clock clock, Map<Class<?>, Object> services) {
        ComponentCatalog catalog = new ComponentCatalog(config, registry, datasources -> {
            EnginePluginContext ctx = new EnginePluginContext(datasources, config.datasourceMaps(), pluginPool, clock,
                    config.baseDir(), metrics.registry());
            ctx.addServices(services);
            return ctx;
        });
        EngineGeneration g = new EngineGeneration(config, catalog, matchDefinitions,
                new RecallRunner(recallPool, metrics), metrics);
        List<ConfigException> problems = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, CategoryConfig>> e : config.scenes().entrySet()) {
                g.pipelines.put(e.getKey(), g.pipeline(e.getKey(), e.getValue(), pluginPool, clock, problems));
            }
            g.callbackStages = CallbackStages.build(config, catalog, metrics, pluginPool, clock);
        } catch (ConfigException e) {
            problems.add(e);
        }
        problems.addAll(0, catalog.problems());
        if (!problems.isEmpty()) {
            g.callbackStages.close();
            catalog.close();
            throw new ConfigValidationException(config.source(), problems);
        }
        return g;
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
        var rank = io.recengine.core.rank.RankStages.build(scene, config.rankConfs().get(scene), catalog,
                metrics, pluginPool);
        return new ScenePipeline(scene, recalls, filters, sortsByCategory, defaultSorts, user, item,
                rank, recallRunner, metrics, outputFields);
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
        for (String n : names) {
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
            return FeatureStage.build(conf, user, catalog.featureDaoFactory(), pool, clock, metrics.registry());
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
                null, null, io.recengine.core.rank.RankStage.NONE, recallRunner, metrics, Map.of()));
    }

    public boolean hasScene(String scene) {
        return pipelines.containsKey(scene);
    }

    public EngineConfig config() {
        return config;
    }

    public ComponentCatalog catalog() {
        return catalog;
    }

    /** The callback stages ({@code CallBackConfs}); {@link CallbackStages#NONE} without callbacks. */
    public CallbackStages callbackStages() {
        return callbackStages;
    }

    /** {@code MatchEngineConf}: the match engine's users, reply style and table definitions. */
    public MatchService.Definitions matchDefinitions() {
        return matchDefinitions;
    }

    public List<String> scenes() {
        return List.copyOf(pipelines.keySet());
    }

    /** Closes the callback stages' channels, then the components. */
    @Override
    public void close() {
        callbackStages.close();
        catalog.close();
    }
}
