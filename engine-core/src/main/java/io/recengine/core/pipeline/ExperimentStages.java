package io.recengine.core.pipeline;

import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.rank.RankStages;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.Recall;
import io.recengine.spi.Sort;
import io.recengine.spi.concurrent.Bulkhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The stage variants experiment parameters ask for, built on first use and kept for the generation: a
 * component cloned from a full config ({@code recall.<name>}, {@code filter.<name>}, {@code sort.<name>}),
 * a rank stage from {@code rankconf} / {@code rankscore}, the feature stages of another scene's
 * {@code FeatureConfs} / {@code UserFeatureConfs}. One instance per distinct config: keys compare the
 * parameter's JSON value (maps compare by content, so key order does not matter), and two experiments
 * with the same config share the clone. Clones are created through the catalog, which closes them with
 * the generation. A config a factory refuses is logged once, counted per request, and the configured
 * component serves instead. Thread-safe.
 */
final class ExperimentStages {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentStages.class);

    /** Distinct variants kept; past it (a file generating configs) the configured component serves. */
    static final int MAX_VARIANTS = 1_000;
    /** The metric outcome of a parameter naming a component or scene the config does not define. */
    static final String UNKNOWN = "unknown_component";
    /** The metric outcome of a parameter whose config cannot be built. */
    static final String BAD_CONFIG = "bad_config";
    /** The metric outcome of a parameter that does not apply to the scene (a cold-start coarse rank without a coarse rank). */
    static final String NOT_APPLIED = "not_applied";
    /** The metric outcome of a parameter PAI-Rec reads for something the engine does not have. */
    static final String NOT_SUPPORTED = "not_supported";

    /** What a variant lookup found: the variant, or null when the configured one serves. */
    private record Key(String kind, String name, Object config, Object extra) {
    }

    /** A variant, or why there is none (cached too: a bad config is not rebuilt per request). */
    private record Built(Object value, String problem) {
    }

    private final EngineConfig config;
    private final ComponentCatalog catalog;
    private final EngineMetrics metrics;
    private final ExecutorService pluginPool;
    private final Clock clock;
    private final Function<String, Bulkhead> rankBulkheads;
    private final Function<ComponentConfig, Bulkhead> featureBulkheads;
    private final int defaultRecallTimeout;
    /** A wiring of the coarse-rank, cold-start and pipeline stages, reporting its problems into the list. */
    private final Function<List<ConfigException>, StageWiring> wirings;
    private final Map<String, ComponentConfig> recallConfs = new LinkedHashMap<>();
    private final Map<String, ComponentConfig> filterConfs = new LinkedHashMap<>();
    private final Map<String, ComponentConfig> sortConfs = new LinkedHashMap<>();
    private final Map<String, String> sortTypes = new LinkedHashMap<>();
    private final ConcurrentHashMap<Key, Built> variants = new ConcurrentHashMap<>();

    ExperimentStages(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics, ExecutorService pluginPool,
                     Clock clock, Function<String, Bulkhead> rankBulkheads,
                     Function<ComponentConfig, Bulkhead> featureBulkheads,
                     Function<List<ConfigException>, StageWiring> wirings) {
        this.config = config;
        this.wirings = wirings;
        this.catalog = catalog;
        this.metrics = metrics;
        this.pluginPool = pluginPool;
        this.clock = clock;
        this.rankBulkheads = rankBulkheads;
        this.featureBulkheads = featureBulkheads;
        this.defaultRecallTimeout = config.engineConf().integer("RecallTimeout", EngineSettings.DEFAULT_RECALL_TIMEOUT_MS);
        config.recallConfs().forEach(c -> recallConfs.put(c.name(), c));
        config.filterConfs().forEach(c -> filterConfs.put(c.name(), c));
        config.sortConfs().forEach(c -> {
            sortConfs.put(c.name(), c);
            sortTypes.put(c.name(), c.string("SortType"));
        });
        config.dppConfs().forEach(c -> {
            sortConfs.put(c.name(), c);
            sortTypes.put(c.name(), "DPPSort"); // PAI-Rec registers each DPPConf entry as a DPPSort
        });
    }

    ComponentCatalog catalog() {
        return catalog;
    }

    /** Counts a parameter the engine could not apply ({@code recengine_component_failures_total{kind="experiment"}}). */
    void count(String scene, String param, String outcome) {
        metrics.failure("experiment", param, scene, outcome).increment();
    }

    /** The recall {@code name} built from {@code conf} ({@code recall.<name>}); empty: keep the configured one. */
    Optional<ComponentCatalog.NamedRecall> recall(String name, Map<?, ?> conf, Problem problem) {
        Object v = variant(new Key("recall", name, conf, null), problem, () -> {
            ComponentConfig c = cloneConfig("recall", name, conf, "RecallType",
                    recallConfs.containsKey(name) ? recallConfs.get(name).string("RecallType") : name);
            var factory = catalog.registry().recall(c.string("RecallType"));
            if (factory.isEmpty()) {
                throw new ConfigException(c.path(), "RecallType", "unknown '" + c.string("RecallType") + "'");
            }
            Recall r = create("recall " + c.component(), factory.get(), c);
            return new ComponentCatalog.NamedRecall(name, r, c.integer("Timeout", defaultRecallTimeout));
        });
        return Optional.ofNullable((ComponentCatalog.NamedRecall) v);
    }

    /** The filter {@code name} built from {@code conf} ({@code filter.<name>}); empty: keep the configured one. */
    Optional<Filter> filter(String name, Map<?, ?> conf, Problem problem) {
        Object v = variant(new Key("filter", name, conf, null), problem, () -> {
            ComponentConfig c = cloneConfig("filter", name, conf, "FilterType",
                    filterConfs.containsKey(name) ? filterConfs.get(name).string("FilterType") : name);
            var factory = catalog.registry().filter(c.string("FilterType"));
            if (factory.isEmpty()) {
                throw new ConfigException(c.path(), "FilterType", "unknown '" + c.string("FilterType") + "'");
            }
            return create("filter " + c.component(), factory.get(), c);
        });
        return Optional.ofNullable((Filter) v);
    }

    /** The sort {@code name} built from {@code conf} ({@code sort.<name>}); empty: keep the configured one. */
    Optional<Sort> sort(String name, Map<?, ?> conf, Problem problem) {
        Object v = variant(new Key("sort", name, conf, null), problem, () -> {
            ComponentConfig c = cloneConfig("sort", name, conf, "SortType", sortTypes.getOrDefault(name, name));
            var factory = catalog.registry().sort(c.string("SortType"));
            if (factory.isEmpty()) {
                throw new ConfigException(c.path(), "SortType", "unknown '" + c.string("SortType") + "'");
            }
            return create("sort " + c.component(), factory.get(), c);
        });
        return Optional.ofNullable((Sort) v);
    }

    /**
     * The scene's rank stage from {@code rankconf} (a whole {@code RankConfig}, null: the scene's
     * {@code RankConf}) with {@code rankscore} over its {@code RankScore} (empty: kept).
     */
    Optional<RankStage> rank(String scene, Map<?, ?> rankconf, String rankscore, Problem problem) {
        Object v = variant(new Key("rank", scene, rankconf, rankscore), problem, () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            if (rankconf != null) {
                rankconf.forEach((k, val) -> m.put(String.valueOf(k), val));
            } else if (config.rankConfs().get(scene) != null) {
                m.putAll(config.rankConfs().get(scene).asMap());
            }
            if (!rankscore.isEmpty()) {
                m.keySet().removeIf(k -> k.equalsIgnoreCase("RankScore"));
                m.put("RankScore", rankscore);
            }
            ComponentConfig c = ComponentConfig.of("experiment rankconf of scene '" + scene + "'", m);
            checkAlgos(c);
            return RankStages.build(scene, c, catalog, metrics, pluginPool, rankBulkheads);
        });
        return Optional.ofNullable((RankStage) v);
    }

    /**
     * The feature stage of {@code FeatureConfs[scene]} ({@code user}: {@code UserFeatureConfs[scene]}) for
     * {@code features.scene.name} / {@code user_features.scene.name}; {@link FeatureStage} null when the
     * config has none for that scene (PAI-Rec then loads nothing).
     */
    Optional<FeatureStage> features(String scene, boolean user, Problem problem) {
        ComponentConfig conf = (user ? config.userFeatureConfs() : config.featureConfs()).get(scene);
        if (conf == null) {
            problem.report(UNKNOWN, "no " + (user ? "UserFeatureConfs" : "FeatureConfs") + " for scene '" + scene
                    + "': no " + (user ? "user" : "item") + " features loaded");
            return Optional.empty();
        }
        Object v = variant(new Key(user ? "user_features" : "features", scene, null, null), problem,
                () -> FeatureStage.build(conf, user, catalog.featureDaoFactory(), pluginPool, clock,
                        metrics.registry(), featureBulkheads));
        return Optional.ofNullable((FeatureStage) v);
    }

    /**
     * The configured {@code <section>[scene]} object as parsed (a {@code GeneralRankConfig} and the like);
     * null when the section has no entry for the scene.
     */
    Map<?, ?> configured(String section, String scene) {
        return config.root().raw(section) instanceof Map<?, ?> all && all.get(scene) instanceof Map<?, ?> m ? m : null;
    }

    /** The configured {@code PipelineConfs[scene]} entries as parsed, in config order. */
    List<Map<?, ?>> configuredPipelines(String scene) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (config.root().raw("PipelineConfs") instanceof Map<?, ?> all && all.get(scene) instanceof List<?> list) {
            for (Object o : list) {
                out.add(o instanceof Map<?, ?> m ? m : Map.of());
            }
        }
        return out;
    }

    /**
     * The scene's coarse rank from {@code general} (a whole {@code GeneralRankConfig}: the
     * {@code generalRankConf} parameter or {@code GeneralRankConfs[scene]}) and {@code coldStart} (a
     * {@code ColdStartGeneralRankConfig}, null for none), built as {@link SceneStages} builds the configured
     * one; empty: keep the configured stage.
     */
    Optional<GeneralRankStage> generalRank(String scene, Map<?, ?> general, Map<?, ?> coldStart, Problem problem) {
        Object v = variant(new Key("general_rank", scene, general, coldStart), problem, () -> wired(w -> {
            ComponentConfig g = config("experiment generalRankConf of scene '" + scene + "'", general);
            checkGeneralRank(g);
            GeneralRank main = GeneralRank.build(g.path(), scene, g, w);
            GeneralRank cold = null;
            Set<String> coldRecalls = Set.of();
            if (coldStart != null) {
                ComponentConfig c = config("experiment coldStartGeneralRankConf of scene '" + scene + "'", coldStart);
                checkGeneralRank(c);
                cold = GeneralRank.build(c.path(), scene, c, w);
                coldRecalls = Set.copyOf(c.stringList("RecallNames"));
            }
            return new GeneralRankStage(scene, main, cold, coldRecalls, metrics);
        }));
        return Optional.ofNullable((GeneralRankStage) v);
    }

    /** The cold-start rank of {@code coldStartRankConf} (a whole {@code ColdStartRankConfig}); empty: keep the configured one. */
    Optional<ColdStartRank> coldStartRank(String scene, Map<?, ?> conf, Problem problem) {
        Object v = variant(new Key("cold_start_rank", scene, conf, null), problem, () -> wired(w -> {
            ComponentConfig c = config("experiment coldStartRankConf of scene '" + scene + "'", conf);
            if (c.string("RecallName").isEmpty()) {
                throw new ConfigException(c.path(), "RecallName", "is required (the recall whose items it ranks)");
            }
            checkAlgo(c, "AlgoName", c.string("AlgoName"));
            return ColdStartRank.build(scene, c, w);
        }));
        return Optional.ofNullable((ColdStartRank) v);
    }

    /**
     * The mini-pipeline {@code name} of {@code scene} built from {@code conf} (its {@code PipelineConfs}
     * entry with the {@code pipelines.<name>.*} parameters over it) with {@code recalls} (the
     * {@code recall.<name>} clones among its recalls, built beforehand); empty: keep the configured one.
     */
    Optional<SubPipeline> pipeline(String scene, String name, Map<String, Object> conf,
                                   Map<String, ComponentCatalog.NamedRecall> recalls, Problem problem) {
        Object v = variant(new Key("pipeline", scene + "/" + name, conf, Map.copyOf(recalls)), problem, () -> wired(w -> {
            String where = "experiment pipelines." + name + " of scene '" + scene + "'";
            ComponentConfig c = config(where, conf);
            if (c.has("GeneralRankConf")) {
                checkGeneralRank(c.child("GeneralRankConf"));
            }
            if (c.has("RankConf")) {
                checkAlgos(c.child("RankConf"));
            }
            if (c.has("ColdStartRankConf")) {
                checkAlgo(c.child("ColdStartRankConf"), "AlgoName", c.child("ColdStartRankConf").string("AlgoName"));
            }
            return SubPipeline.build(where, scene, c, w.withRecalls(recalls));
        }));
        return Optional.ofNullable((SubPipeline) v);
    }

    /**
     * The names a {@code GeneralRankConfig} from a parameter refers to. PAI-Rec skips an unknown algo or
     * action; here the parameter is refused (the configured stage serves, reported) rather than run without
     * a model or a truncation the experiment counts on.
     */
    private void checkGeneralRank(ComponentConfig g) {
        if (g.has("RankConf")) {
            checkAlgos(g.child("RankConf"));
        }
        for (ComponentConfig a : g.children("ActionConfs")) {
            String name = a.string("ActionName");
            switch (a.string("ActionType")) {
                case "filter" -> {
                    if (catalog.filter(name).isEmpty()) {
                        throw new ConfigException(a.path(), "ActionName", "'" + name + "' is not defined in FilterConfs");
                    }
                }
                case "sort" -> {
                    if (catalog.sort(name).isEmpty()) {
                        throw new ConfigException(a.path(), "ActionName", "'" + name + "' is not defined in SortConfs or DPPConf");
                    }
                }
                default -> throw new ConfigException(a.path(), "ActionType", "unknown '" + a.string("ActionType")
                        + "'. Known: [filter, sort]");
            }
        }
    }

    private void checkAlgos(ComponentConfig rankConf) {
        for (String algo : rankConf.stringList("RankAlgoList")) {
            checkAlgo(rankConf, "RankAlgoList", algo);
        }
    }

    private void checkAlgo(ComponentConfig c, String key, String algo) {
        if (!algo.isEmpty() && catalog.ranker(algo).isEmpty()) {
            throw new ConfigException(c.path(), key, "algo '" + algo + "' is not defined in AlgoConfs");
        }
    }

    private static ComponentConfig config(String where, Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return ComponentConfig.of(where, out);
    }

    /** Builds with a fresh wiring; the first problem the wiring met fails the build (the configured stage serves). */
    private Object wired(Function<StageWiring, Object> build) {
        List<ConfigException> problems = new ArrayList<>();
        Object built = build.apply(wirings.apply(problems));
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return built;
    }

    /** Where a variant that cannot be built is reported: the request's debug log and a counter. */
    @FunctionalInterface
    interface Problem {
        void report(String outcome, String text);
    }

    @FunctionalInterface
    private interface Builder {
        Object build();
    }

    private Object variant(Key key, Problem problem, Builder builder) {
        Built b = variants.get(key);
        if (b == null) {
            if (variants.size() >= MAX_VARIANTS) {
                problem.report(BAD_CONFIG, "more than " + MAX_VARIANTS + " distinct experiment configs; "
                        + key.kind() + " '" + key.name() + "' keeps its configured one");
                return null;
            }
            b = variants.computeIfAbsent(key, k -> build(k, builder));
        }
        if (b.problem() != null) {
            problem.report(BAD_CONFIG, b.problem());
        }
        return b.value();
    }

    private static Built build(Key key, Builder builder) {
        try {
            return new Built(builder.build(), null);
        } catch (ConfigException e) {
            String text = "experiment config of " + key.kind() + " '" + key.name() + "' not applied: " + e.getMessage();
            LOG.warn("{}", text);
            return new Built(null, text);
        } catch (RuntimeException e) {
            LOG.error("experiment config of {} '{}' could not be built", key.kind(), key.name(), e);
            return new Built(null, "experiment config of " + key.kind() + " '" + key.name() + "' could not be built");
        }
    }

    private <T extends AutoCloseable> T create(String who, ComponentFactory<T> factory, ComponentConfig c) {
        T t;
        synchronized (catalog) { // the catalog's problem list is not meant for concurrent builds
            t = catalog.create(who, factory, c);
        }
        if (t == null) {
            throw new ConfigException(c.path(), "", "could not be created");
        }
        return t;
    }

    /**
     * PAI-Rec's clone: the parameter is the whole new config (not a patch); the name stays the configured
     * one, and the type, when the parameter does not say, is the configured component's.
     */
    private static ComponentConfig cloneConfig(String kind, String name, Map<?, ?> conf, String typeKey, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        conf.forEach((k, v) -> m.put(String.valueOf(k), v));
        m.keySet().removeIf(k -> k.equalsIgnoreCase("Name"));
        m.put("Name", name);
        if (m.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(typeKey))) {
            m.put(typeKey, type);
        }
        return ComponentConfig.of("experiment " + kind + "." + name, m);
    }

    /** The number of variants built so far (tests). */
    int size() {
        return variants.size();
    }
}
