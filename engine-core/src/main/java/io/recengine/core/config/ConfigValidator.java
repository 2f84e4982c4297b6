package io.recengine.core.config;

import io.recengine.core.debuglog.DebugLogConfig;
import io.recengine.core.plugin.ComponentKind;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Start-up validation: every referenced name resolves, every type is known, every component's own
 * check passes, every PAI-Rec section is read or refused ({@link Sections}: no silent ignores). Collects all problems instead of stopping at the first, each naming the scene or
 * component and the key (PAI-Rec users ask for diagnosis before publishing more than anything).
 */
public final class ConfigValidator {

    /** {@code *Name} keys inside component configs and the datasource map each refers to. */
    private static final Map<String, String> NAME_REFERENCES = new LinkedHashMap<>();

    static {
        NAME_REFERENCES.put("HologresName", "HologresConfs");
        NAME_REFERENCES.put("RedisName", "RedisConfs");
        NAME_REFERENCES.put("MysqlName", "MysqlConfs");
        NAME_REFERENCES.put("TableStoreName", "TableStoreConfs");
        NAME_REFERENCES.put("FeatureStoreName", "FeatureStoreConfs");
        NAME_REFERENCES.put("BeName", "BEConfs");
        NAME_REFERENCES.put("ClickHouseName", "ClickHouseConfs");
        NAME_REFERENCES.put("LindormName", "LindormConfs");
        NAME_REFERENCES.put("GraphName", "GraphConfs");
        NAME_REFERENCES.put("HBaseName", "HBaseConfs");
        NAME_REFERENCES.put("RecallEngineName", "RecallEngineConfs");
        NAME_REFERENCES.put("OpenSearchName", "OpenSearchConfs");
        NAME_REFERENCES.put("DatahubName", "DatahubConfs");
        NAME_REFERENCES.put("KafKaName", "KafkaConfs");
        NAME_REFERENCES.put("SLSName", "SlsConfs");
    }

    /** A hook for checks that live outside this class (feature stages), to keep one list of problems. */
    public interface ExtraCheck {
        void check(EngineConfig config, PluginRegistry registry, List<ConfigException> problems);
    }

    /** One hour: a longer component timeout is a typo. */
    private static final int MAX_TIMEOUT_MS = 3_600_000;

    private final EngineConfig config;
    private final PluginRegistry registry;
    private final List<ConfigException> problems = new ArrayList<>();

    /** PAI-Rec component types the engine does not build yet, with why (so the refusal says more than "unknown"). */
    private static final Map<String, String> NOT_YET_BUILT = Map.of();

    private ConfigValidator(EngineConfig config, PluginRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Every problem of {@code config} against the types in {@code registry}; empty when valid. */
    public static List<ConfigException> validate(EngineConfig config, PluginRegistry registry, List<ExtraCheck> extra) {
        ConfigValidator v = new ConfigValidator(config, registry);
        v.run(extra);
        return List.copyOf(v.problems);
    }

    /**
     * What {@code validate} prints and start-up logs besides the problems: sections accepted but unused
     * here (logging, metrics), unknown top-level keys.
     */
    public static List<String> warnings(EngineConfig config) {
        return Sections.warnings(config);
    }

    private void run(List<ExtraCheck> extra) {
        guard(() -> { config.httpPort(); config.httpAddr(); });
        guard(() -> problems.addAll(EngineSettings.check(config)));
        guard(this::debugConfs);
        Set<String> recalls = guarded(() -> definitions("RecallConfs", config.recallConfs(), ComponentKind.RECALL,
                c -> "RecallType", c -> c.string("RecallType"), registry::recall), Set.of());
        guard(() -> config.recallConfs().forEach(this::recallTimeout));
        guard(() -> config.recallConfs().forEach(this::recallCacheAdapter));
        Set<String> filters = guarded(() -> definitions("FilterConfs", config.filterConfs(), ComponentKind.FILTER,
                c -> "FilterType", c -> c.string("FilterType"), registry::filter), Set.of());
        Set<String> sorts = new HashSet<>(guarded(() -> definitions("SortConfs", config.sortConfs(), ComponentKind.SORT,
                c -> "SortType", c -> c.string("SortType"), registry::sort), Set.of()));
        guard(() -> config.dppConfs().forEach(c -> {
            // each entry is a DPPSort named by its Name, checked like a SortConfs entry
            if (c.name().isEmpty()) {
                problems.add(new ConfigException(c.path(), "Name", "every DPPConf entry needs a Name"));
            } else if (!sorts.add(c.name())) {
                problems.add(new ConfigException("sort " + c.component(), "Name", "duplicate sort name '" + c.name()
                        + "' in SortConfs and DPPConf"));
            }
            registry.sort("DPPSort").ifPresentOrElse(f -> problems.addAll(f.check(c)), () -> problems.add(
                    new ConfigException(c.path(), "", "no loaded plugin provides DPPSort")));
        }));
        Set<String> algos = guarded(() -> definitions("AlgoConfs", config.algoConfs(), ComponentKind.RANKER,
                RankerTypes::typeKeyOf, RankerTypes::typeOf, registry::ranker), Set.of());
        guard(() -> config.algoConfs().forEach(c -> maxConcurrency(c, ComponentKind.RANKER)));

        guard(() -> Sections.check(config, registry, recalls, filters, sorts, algos, problems));
        guard(() -> scenes(recalls));
        guard(() -> config.filterNames().forEach((scene, names) -> {
            for (String n : names) {
                if (!filters.contains(n) && !EngineConfig.UNIQUE_FILTER.equals(n)) {
                    problems.add(new ConfigException("FilterNames." + scene, n,
                            "filter '" + n + "' is not defined in FilterConfs. Defined: " + sorted(filters, EngineConfig.UNIQUE_FILTER)));
                }
            }
        }));
        guard(() -> config.sortNames().forEach((scene, names) -> {
            for (String n : names) {
                if (!sorts.contains(n) && !EngineConfig.ITEM_RANK_SCORE.equals(n)) {
                    problems.add(new ConfigException("SortNames." + scene, n,
                            "sort '" + n + "' is not defined in SortConfs or DPPConf. Defined: " + sorted(sorts, EngineConfig.ITEM_RANK_SCORE)));
                }
            }
        }));
        guard(() -> config.rankConfs().forEach((scene, rc) -> rankConf("RankConf." + scene, rc, algos)));
        guard(() -> callbacks(algos));
        guard(() -> datasources());
        guard(() -> nameReferences(config.root(), ""));
        for (ExtraCheck e : extra) {
            guard(() -> e.check(config, registry, problems));
        }
    }

    /** A recall's result cache ({@code CacheAdapter}) must be one a loaded plugin provides. */
    private void recallCacheAdapter(ComponentConfig c) {
        String adapter = c.string("CacheAdapter");
        if (adapter.isEmpty()) {
            return;
        }
        try {
            registry.recallCache(adapter).ifPresentOrElse(f -> problems.addAll(f.check(RecallCacheConfig.of(c))),
                    () -> problems.add(new ConfigException("recall " + c.component(), "CacheAdapter",
                            "unknown recall cache '" + adapter + "'. Known: " + registry.types(ComponentKind.RECALL_CACHE))));
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private Set<String> definitions(String section, List<ComponentConfig> confs, ComponentKind kind,
                                    Function<ComponentConfig, String> typeKeyOf, Function<ComponentConfig, String> typeOf,
                                    Function<String, Optional<? extends ComponentFactory<?>>> factory) {
        Set<String> names = new HashSet<>();
        for (ComponentConfig c : confs) {
            String name = c.name();
            String who = kind.label() + " " + c.component();
            if (name.isEmpty()) {
                problems.add(new ConfigException(c.path(), "Name", "every " + section + " entry needs a Name"));
            } else if (!names.add(name)) {
                problems.add(new ConfigException(who, "Name", "duplicate name '" + name + "' in " + section));
            }
            String type;
            String typeKey;
            try {
                typeKey = typeKeyOf.apply(c);
                type = typeOf.apply(c);
            } catch (ConfigException e) {
                problems.add(e);
                continue;
            }
            if (type.isEmpty()) {
                problems.add(new ConfigException(who, typeKey, "is required. Known: " + registry.types(kind)));
                continue;
            }
            Optional<? extends ComponentFactory<?>> f = factory.apply(type);
            if (f.isEmpty()) {
                String later = NOT_YET_BUILT.get(type);
                problems.add(new ConfigException(who, typeKey, later != null ? later + ". Known: " + registry.types(kind)
                        : "unknown " + kind.label() + " type '" + type + "'. Known: " + registry.types(kind)));
                continue;
            }
            try {
                problems.addAll(f.get().check(c));
            } catch (ConfigException e) {
                problems.add(e);
            } catch (RuntimeException e) {
                problems.add(new ConfigException(who, "", "check failed: " + e.getMessage(), e));
            }
        }
        return names;
    }

    private void scenes(Set<String> recalls) {
        Map<String, Map<String, CategoryConfig>> scenes = config.scenes();
        Map<String, ComponentConfig> callbacks = config.callBackConfs();
        scenes.forEach((scene, cats) -> cats.forEach((cat, cc) -> {
            String where = "SceneConfs." + scene + "." + cat;
            try {
                for (String r : cc.recallNames()) {
                    if (!recalls.contains(r) && !EngineConfig.CONTEXT_ITEM_RECALL.equals(r)) {
                        problems.add(new ConfigException(where, "RecallNames", "recall '" + r
                                + "' is not defined in RecallConfs. Defined: " + sorted(recalls, EngineConfig.CONTEXT_ITEM_RECALL)));
                    }
                }
                if ("default".equals(cat) && cc.autoInvokeCallBack() && !callbacks.containsKey(scene)) {
                    problems.add(new ConfigException(where, "AutoInvokeCallBack",
                            "is true but CallBackConfs has no entry for scene '" + scene + "'"));
                }
                int rate = cc.autoInvokeCallBackRate();
                if (rate < 0) {
                    problems.add(new ConfigException(where, "AutoInvokeCallBackRate", "must be 0..100, got " + rate));
                }
                cc.outputFields().forEach(f -> {
                    if (!f.startsWith("item:") && !f.startsWith("score:")) {
                        problems.add(new ConfigException(where, "OutputFields",
                                "entry '" + f + "' must start with item: or score:"));
                    }
                });
            } catch (ConfigException e) {
                problems.add(e);
            }
        }));
    }

    private void rankConf(String where, ComponentConfig rc, Set<String> algos) {
        for (String a : rc.stringList("RankAlgoList")) {
            if (!algos.contains(a)) {
                problems.add(new ConfigException(where, "RankAlgoList", "algo '" + a
                        + "' is not defined in AlgoConfs. Defined: " + new TreeSet<>(algos)));
            }
        }
        ConfigReader r = new ConfigReader(rc, where);
        r.integer("BatchCount", 0, 0);
        problems.addAll(r.problems());
    }

    /** {@code Timeout}: the engine enforces it around the recall (ComponentCatalog), so it is ours to check. */
    /** Threads beyond this are a typo, not a sizing. */
    private static final int MAX_THREADS = 10_000;

    private void recallTimeout(ComponentConfig c) {
        ConfigReader r = new ConfigReader(c, ComponentKind.RECALL.label() + " " + c.component());
        r.integer("Timeout", EngineSettings.DEFAULT_RECALL_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        problems.addAll(r.problems());
        maxConcurrency(c, ComponentKind.RECALL);
    }

    /**
     * {@code MaxConcurrency}, the component's bulkhead (pool threads it may hold at once): the engine
     * enforces it around the component, so it is ours to check; absent means the engine's default.
     */
    private void maxConcurrency(ComponentConfig c, ComponentKind kind) {
        ConfigReader r = new ConfigReader(c, kind.label() + " " + c.component());
        r.integer("MaxConcurrency", 1, 1, MAX_THREADS);
        problems.addAll(r.problems());
    }

    /** Each {@code DebugConfs} entry is a valid {@code DebugConfig} (the debug log's own check). */
    private void debugConfs() {
        if (!(config.root().raw("DebugConfs") instanceof Map<?, ?>)) {
            return;
        }
        config.root().childMap("DebugConfs").forEach((scene, c) -> {
            try {
                DebugLogConfig.of("DebugConfs." + scene, c.asMap());
            } catch (ConfigException e) {
                problems.add(e);
            }
        });
    }

    private void callbacks(Set<String> algos) {
        config.callBackConfs().forEach((scene, cb) -> {
            String where = "CallBackConfs." + scene;
            try {
                ComponentConfig ds = cb.child("DataSource");
                String type = ds.string("Type");
                if (type.isEmpty()) {
                    problems.add(new ConfigException(where, "DataSource.Type", "is required. Known: "
                            + registry.types(ComponentKind.CALLBACK_SINK)));
                } else if (registry.callbackSink(type).isEmpty()) {
                    problems.add(new ConfigException(where, "DataSource.Type", "unknown callback sink type '" + type
                            + "'. Known: " + registry.types(ComponentKind.CALLBACK_SINK)));
                } else {
                    // the sink factory's own check: what its create() refuses at start-up
                    try {
                        problems.addAll(registry.callbackSink(type).get().check(ds));
                    } catch (ConfigException e) {
                        problems.add(e);
                    } catch (RuntimeException e) {
                        problems.add(new ConfigException(where, "DataSource", "check failed: " + e.getMessage(), e));
                    }
                }
                ConfigReader r = new ConfigReader(cb, where);
                r.integer("ItemSize", 0, 0);
                r.integer("ItemSizeRate", 0, 0);
                r.bool("RawFeatures", false);
                r.integer("RawFeaturesRate", 0, 0);
                r.bool("UseUserFeatures", false);
                problems.addAll(r.problems());
                String name = ds.string("Name");
                Map<String, ComponentConfig> map = config.datasourceMap(type + "Confs");
                boolean needsName = !map.isEmpty() || "kafka".equalsIgnoreCase(type) || "datahub".equalsIgnoreCase(type);
                if (needsName && !map.containsKey(name)) {
                    problems.add(new ConfigException(where, "DataSource.Name", "'" + name + "' is not defined in "
                            + canonicalMapName(type) + ". Defined: " + new TreeSet<>(map.keySet())));
                }
                if (cb.has("RankConf")) {
                    rankConf(where + ".RankConf", cb.child("RankConf"), algos);
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        });
    }

    private void datasources() {
        config.datasourceMaps().forEach((mapKey, entries) -> registry.datasource(mapKey).ifPresent(f ->
                entries.forEach((name, c) -> {
                    try {
                        problems.addAll(f.check(c));
                    } catch (ConfigException e) {
                        problems.add(e);
                    } catch (RuntimeException e) {
                        problems.add(new ConfigException(mapKey + "." + name, "", "check failed: " + e.getMessage(), e));
                    }
                })));
    }

    /** Walks the whole tree for {@code *Name} datasource references, except inside datasource maps. */
    private void nameReferences(ComponentConfig obj, String where) {
        for (String key : obj.keys()) {
            Object v = obj.raw(key);
            String path = where.isEmpty() ? key : where + "." + key;
            if (where.isEmpty() && config.datasourceMaps().containsKey(key)) {
                continue;
            }
            String target = referenceTarget(key);
            if (target != null && v instanceof String s && !s.isEmpty()) {
                Map<String, ComponentConfig> map = config.datasourceMap(target);
                if (!map.containsKey(s)) {
                    problems.add(new ConfigException(where.isEmpty() ? "config" : where, key, "'" + s
                            + "' is not defined in " + target + ". Defined: " + new TreeSet<>(map.keySet())));
                }
            } else if (v instanceof Map<?, ?>) {
                nameReferences(obj.child(key), path);
            } else if (v instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?>) {
                        nameReferences(obj.children(key).get(i), path + "[" + i + "]");
                    }
                }
            }
        }
    }

    private static String referenceTarget(String key) {
        for (Map.Entry<String, String> e : NAME_REFERENCES.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String canonicalMapName(String type) {
        if ("kafka".equalsIgnoreCase(type)) {
            return "KafkaConfs";
        }
        if ("datahub".equalsIgnoreCase(type)) {
            return "DatahubConfs";
        }
        return type + "Confs";
    }

    private static Set<String> sorted(Set<String> names, String builtin) {
        TreeSet<String> s = new TreeSet<>(names);
        s.add(builtin);
        return s;
    }

    private void guard(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private <T> T guarded(java.util.function.Supplier<T> s, T fallback) {
        try {
            return s.get();
        } catch (ConfigException e) {
            problems.add(e);
            return fallback;
        }
    }
}
