package io.recengine.core.pipeline;

import io.recengine.core.builtin.filter.FilterLookup;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.expr.Conditions;
import io.recengine.core.config.RankerTypes;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.rank.RankerSource;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterConditions;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Ranker;
import io.recengine.spi.Recall;
import io.recengine.core.builtin.sort.SortLookup;
import io.recengine.spi.Sort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every component of one config generation, built once from the config and immutable afterwards
 * (a reload builds a new catalog and swaps it). Closes what it owns, in reverse order.
 *
 * <p>Carry-over: a catalog built with a {@code previous} one reuses (does not create again) each of its
 * components whose factory and config JSON are the same and whose config names no datasource that changed,
 * so connection pools, caches and loaded tables stay warm across a reload. What is reused passes to the new
 * catalog when the reload is {@link #commit committed}; until then the previous catalog still owns it (a
 * reload that fails closes only what it created). A committed-over catalog hands lookups by name (the
 * datasources, {@code SortLookup}, {@code FilterLookup}) to its successor, since reused components keep the
 * plugin context they were created with.
 */
public final class ComponentCatalog implements RankerSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentCatalog.class);

    /** Default per-recall timeout when neither the recall nor {@code EngineConf.RecallTimeout} sets one. */
    public static final int DEFAULT_RECALL_TIMEOUT_MS = 300;

    /** A recall with its name and timeout. */
    public record NamedRecall(String name, Recall recall, long timeoutMs) {
    }

    /** A filter or sort with its name. */
    public record Named<T>(String name, T component) {
    }

    private final PluginRegistry registry;
    private final PluginContext context;
    private final Map<String, Map<String, Datasource>> datasources = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, NamedRecall> recalls = new LinkedHashMap<>();
    private final Map<String, Filter> filters = new LinkedHashMap<>();
    private final Map<String, Sort> sorts = new LinkedHashMap<>();
    private final Map<String, Ranker> rankers = new LinkedHashMap<>();
    private final Map<String, ComponentConfig> algoConfs = new LinkedHashMap<>();
    private final List<AutoCloseable> built = Collections.synchronizedList(new ArrayList<>());
    private final List<ConfigException> problems = new ArrayList<>();
    /** What {@link #build} can take from the previous catalog instead of creating; emptied as it is taken. */
    private final Map<CarryKey, List<AutoCloseable>> reusable = new HashMap<>();
    /** Datasource names ({@code map.name} and {@code name}) whose config differs from the previous catalog's. */
    private final Set<String> changedDatasources = new HashSet<>();
    /** What this catalog took from the previous one, by identity: it owns them only once committed. */
    private final Set<AutoCloseable> carried = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Each component built or carried over and its carry-over key, by identity. */
    private final Map<AutoCloseable, CarryKey> keysByComponent = new IdentityHashMap<>();
    private final Map<String, Map<String, ComponentConfig>> datasourceConfigs;
    private int carriedCount;
    /** Set when a newer catalog was committed over this one: lookups by name go there. */
    private volatile ComponentCatalog successor;

    /** A component's identity for carry-over: its factory, what the catalog calls it, its config as written. */
    private record CarryKey(Object factory, String who, Map<String, Object> config) {
    }

    /**
     * Creates every component of {@code config}; problems are collected in {@link #problems()}. Plugins get a
     * context over the config's datasources, {@code pluginPool}, {@code clock} and the engine
     * {@code services}.
     */
    public static ComponentCatalog build(EngineConfig config, PluginRegistry registry, EngineMetrics metrics,
                                         ExecutorService pluginPool, Clock clock, Map<Class<?>, Object> services) {
        return build(config, registry, metrics, pluginPool, clock, services, null);
    }

    /**
     * {@link #build(EngineConfig, PluginRegistry, EngineMetrics, ExecutorService, Clock, Map)} reusing the
     * unchanged components of {@code previous} (null: create everything). Call {@link #commit} once the new
     * catalog is in service, or {@link #close} to drop it.
     */
    public static ComponentCatalog build(EngineConfig config, PluginRegistry registry, EngineMetrics metrics,
                                         ExecutorService pluginPool, Clock clock, Map<Class<?>, Object> services,
                                         ComponentCatalog previous) {
        return new ComponentCatalog(config, registry, previous, datasources -> {
            EnginePluginContext ctx = new EnginePluginContext(datasources, config.datasourceMaps(), pluginPool, clock,
                    config.baseDir(), metrics.registry());
            ctx.addServices(services);
            return ctx;
        });
    }

    ComponentCatalog(EngineConfig config, PluginRegistry registry, PluginContextFactory contextFactory) {
        this(config, registry, null, contextFactory);
    }

    ComponentCatalog(EngineConfig config, PluginRegistry registry, ComponentCatalog previous,
                     PluginContextFactory contextFactory) {
        this.registry = registry;
        this.datasourceConfigs = config.datasourceMaps();
        this.context = contextFactory.create((type, name) -> current().datasourceObject(type, name));
        if (context instanceof EnginePluginContext e) {
            // components that delegate to others by name (ConditionSort, ConditionFilter) look them up when they
            // run; a component carried into a newer catalog finds that catalog's components
            e.addService(SortLookup.class, name -> Optional.ofNullable(current().sorts.get(name)));
            e.addService(FilterLookup.class, name -> Optional.ofNullable(current().filters.get(name)));
            // plugin filters with conditions read them as the built-ins do
            e.addService(FilterConditions.class, Conditions.SERVICE);
        }
        if (previous != null) {
            previous.offerTo(this, config);
        }
        int defaultTimeout = config.engineConf().integer("RecallTimeout", DEFAULT_RECALL_TIMEOUT_MS);

        config.datasourceMaps().forEach((mapKey, entries) -> registry.datasource(mapKey).ifPresent(f -> {
            Map<String, Datasource> byName = new LinkedHashMap<>();
            entries.forEach((name, c) -> {
                Datasource ds = build("datasource " + mapKey + "." + name, f, c);
                if (ds != null) {
                    byName.put(name, ds);
                }
            });
            datasources.put(mapKey, byName);
        }));
        for (ComponentConfig c : config.recallConfs()) {
            registry.recall(c.string("RecallType")).ifPresent(f -> {
                Recall r = withCache(c, build("recall " + c.component(), f, c));
                if (r != null) {
                    recalls.put(c.name(), new NamedRecall(c.name(), r, c.integer("Timeout", defaultTimeout)));
                }
            });
        }
        if (!recalls.containsKey(EngineConfig.CONTEXT_ITEM_RECALL)) {
            registry.recall(EngineConfig.CONTEXT_ITEM_RECALL).ifPresent(f -> {
                Recall r = build("recall " + EngineConfig.CONTEXT_ITEM_RECALL, f, builtinConfig(EngineConfig.CONTEXT_ITEM_RECALL));
                recalls.put(EngineConfig.CONTEXT_ITEM_RECALL, new NamedRecall(EngineConfig.CONTEXT_ITEM_RECALL, r, defaultTimeout));
            });
        }
        for (ComponentConfig c : config.filterConfs()) {
            registry.filter(c.string("FilterType")).ifPresent(f -> put(filters, c.name(), build("filter " + c.component(), f, c)));
        }
        if (!filters.containsKey(EngineConfig.UNIQUE_FILTER)) {
            registry.filter(EngineConfig.UNIQUE_FILTER).ifPresent(f -> put(filters, EngineConfig.UNIQUE_FILTER,
                    build("filter " + EngineConfig.UNIQUE_FILTER, f, builtinConfig(EngineConfig.UNIQUE_FILTER))));
        }
        for (ComponentConfig c : config.sortConfs()) {
            registry.sort(c.string("SortType")).ifPresent(f -> put(sorts, c.name(), build("sort " + c.component(), f, c)));
        }
        for (ComponentConfig c : config.dppConfs()) {
            // PAI-Rec registers each DPPConf entry as a DPPSort under its Name
            registry.sort("DPPSort").ifPresent(f -> put(sorts, c.name(), build("sort " + c.component(), f, c)));
        }
        if (!sorts.containsKey(EngineConfig.ITEM_RANK_SCORE)) {
            registry.sort(EngineConfig.ITEM_RANK_SCORE).ifPresent(f -> put(sorts, EngineConfig.ITEM_RANK_SCORE,
                    build("sort " + EngineConfig.ITEM_RANK_SCORE, f, builtinConfig(EngineConfig.ITEM_RANK_SCORE))));
        }
        for (ComponentConfig c : config.algoConfs()) {
            algoConfs.put(c.name(), c);
            registry.ranker(RankerTypes.typeOf(c)).ifPresent(f -> put(rankers, c.name(), build("algo " + c.component(), f, c)));
        }
    }

    /**
     * {@code recall} behind its result cache when its config names a {@code CacheAdapter}
     * ({@link CachedRecall}); an unknown adapter or a cache that cannot be built is a problem of the recall.
     */
    private Recall withCache(ComponentConfig c, Recall recall) {
        if (recall == null || !CachedRecall.wanted(c)) {
            return recall;
        }
        String adapter = c.string("CacheAdapter");
        Optional<io.recengine.spi.RecallCacheFactory> factory = registry.recallCache(adapter);
        if (factory.isEmpty()) {
            problems.add(new ConfigException(c.component(), "CacheAdapter", "unknown '" + adapter + "'. Known: "
                    + registry.types(io.recengine.core.plugin.ComponentKind.RECALL_CACHE)));
            return recall;
        }
        io.recengine.spi.RecallCache cache;
        try {
            cache = build("recall cache of recall " + c.component(), factory.get(), io.recengine.core.config.RecallCacheConfig.of(c));
        } catch (ConfigException e) {
            problems.add(e);
            return recall;
        }
        return cache == null ? recall : CachedRecall.of(c, recall, cache, context.executor(), context.metrics());
    }

    private static ComponentConfig builtinConfig(String name) {
        return ComponentConfig.of("builtin " + name, Map.of("Name", name));
    }

    private static <T> void put(Map<String, T> map, String name, T value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /**
     * Creates a component outside the config's component lists (a callback sink, a stage's own DAO),
     * owned and closed by this catalog. Throws the {@link ConfigException} of a factory that refuses
     * the config; other failures become a {@link ConfigException} naming {@code who}.
     */
    public <T extends AutoCloseable> T create(String who, ComponentFactory<T> factory, ComponentConfig config) {
        int before = problems.size();
        T t = build(who, factory, config);
        if (t == null && problems.size() > before) {
            throw problems.remove(problems.size() - 1);
        }
        return t;
    }

    /** The plugin registry the components come from. */
    public PluginRegistry registry() {
        return registry;
    }

    private <T extends AutoCloseable> T build(String who, ComponentFactory<T> factory, ComponentConfig config) {
        T reused = takeReusable(who, factory, config);
        if (reused != null) {
            return reused;
        }
        try {
            T t = factory.create(config, context);
            built.add(t);
            remember(t, carryKey(who, factory, config));
            return t;
        } catch (ConfigException e) {
            problems.add(e);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Creating {} failed", who, e);
            problems.add(new ConfigException(who, "", "could not be created: " + e, e));
        }
        return null;
    }

    /** Builds a feature DAO for a {@code FeatureDaoConf}; null when its {@code AdapterType} is empty. */
    public Function<ComponentConfig, FeatureDao> featureDaoFactory() {
        return conf -> {
            String adapter = conf.string("AdapterType");
            if (adapter.isEmpty()) {
                return null;
            }
            return registry.featureDao(adapter).map(f -> build("feature DAO " + conf.component(), f, conf)).orElse(null);
        };
    }

    private Object datasourceObject(String type, String name) {
        Map<String, Datasource> byName = datasources.get(type);
        Datasource ds = byName == null ? null : byName.get(name);
        return ds == null ? null : io.recengine.core.plugin.ClassLoaderSafeDatasource.original(ds);
    }

    /** Problems met while creating components (factories that threw); empty when all were built. */
    public List<ConfigException> problems() {
        return List.copyOf(problems);
    }

    public PluginContext context() {
        return context;
    }

    public Optional<NamedRecall> recall(String name) {
        return Optional.ofNullable(recalls.get(name));
    }

    public Optional<Filter> filter(String name) {
        return Optional.ofNullable(filters.get(name));
    }

    public Optional<Sort> sort(String name) {
        return Optional.ofNullable(sorts.get(name));
    }

    @Override
    public Optional<Ranker> createRanker(String who, ComponentConfig conf) {
        return registry.ranker(RankerTypes.typeOf(conf)).map(f -> create(who, f, conf));
    }

    @Override
    public Optional<Ranker> ranker(String algoName) {
        return Optional.ofNullable(rankers.get(algoName));
    }

    @Override
    public Optional<ComponentConfig> algoConf(String algoName) {
        return Optional.ofNullable(algoConfs.get(algoName));
    }

    /** Built component names by kind, for the health endpoint. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recalls", List.copyOf(recalls.keySet()));
        m.put("filters", List.copyOf(filters.keySet()));
        m.put("sorts", List.copyOf(sorts.keySet()));
        m.put("rankers", List.copyOf(rankers.keySet()));
        Map<String, Object> ds = new LinkedHashMap<>();
        datasources.forEach((k, v) -> ds.put(k, List.copyOf(v.keySet())));
        m.put("datasources", ds);
        return m;
    }

    /**
     * The datasources' remotes, as {@link io.recengine.spi.Datasource#available()} reports them: for
     * {@code /health} and the {@code recengine.dependency.up} gauge.
     */
    public List<Dependency> dependencies() {
        List<Dependency> out = new ArrayList<>();
        datasources.forEach((mapKey, byName) -> byName.forEach((name, ds) -> {
            boolean up;
            try {
                up = ds.available();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("datasource {}.{}: available() failed: {}", mapKey, name, e.toString());
                up = false;
            }
            out.add(new Dependency(Dependency.DATASOURCE, mapKey + "." + name, up, up ? "up" : "unreachable"));
        }));
        return out;
    }

    /** The catalog lookups by name go to: the newest one committed over this one, else this one. */
    private ComponentCatalog current() {
        ComponentCatalog c = this;
        while (c.successor != null) {
            c = c.successor;
        }
        return c;
    }

    /** Offers this catalog's components to {@code next}, built from {@code nextConfig}. */
    private void offerTo(ComponentCatalog next, EngineConfig nextConfig) {
        Map<String, Map<String, ComponentConfig>> before = datasourceConfigs;
        Map<String, Map<String, ComponentConfig>> after = nextConfig.datasourceMaps();
        Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        for (String mapKey : keys) {
            Map<String, ComponentConfig> b = ignoringCase(before, mapKey);
            Map<String, ComponentConfig> a = ignoringCase(after, mapKey);
            Set<String> names = new HashSet<>(b.keySet());
            names.addAll(a.keySet());
            for (String name : names) {
                ComponentConfig cb = b.get(name);
                ComponentConfig ca = a.get(name);
                if (cb == null || ca == null || !cb.asMap().equals(ca.asMap())) {
                    next.changedDatasources.add(name);
                }
            }
        }
        synchronized (keysByComponent) {
            keysByComponent.forEach((component, key) -> next.reusable.computeIfAbsent(key, k -> new ArrayList<>()).add(component));
        }
    }

    private static Map<String, ComponentConfig> ignoringCase(Map<String, Map<String, ComponentConfig>> maps, String key) {
        for (Map.Entry<String, Map<String, ComponentConfig>> e : maps.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private <T extends AutoCloseable> T takeReusable(String who, ComponentFactory<T> factory, ComponentConfig config) {
        CarryKey key = carryKey(who, factory, config);
        if (reusable.isEmpty() || namesAny(config.asMap(), changedDatasources)) {
            return null;
        }
        List<AutoCloseable> candidates = reusable.get(key);
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        T t = (T) candidates.remove(candidates.size() - 1);
        carried.add(t);
        built.add(t);
        remember(t, key);
        return t;
    }

    private void remember(AutoCloseable component, CarryKey key) {
        synchronized (keysByComponent) {
            keysByComponent.put(component, key);
        }
    }

    private static CarryKey carryKey(String who, Object factory, ComponentConfig config) {
        // the position in its list is not part of a component's identity: moving it does not rebuild it
        return new CarryKey(factory, who.replaceFirst(" \\([^()]*\\)$", ""), config.asMap());
    }

    /** True when a string anywhere in {@code value} is one of {@code names}. */
    private static boolean namesAny(Object value, Set<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        if (value instanceof String s) {
            return names.contains(s);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (namesAny(v, names)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (namesAny(v, names)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Puts this catalog in service after {@code previous}: what it carried over is its own from now on (the
     * previous catalog will not close it) and the previous catalog's lookups by name come here.
     */
    public void commit(ComponentCatalog previous) {
        if (previous == null) {
            return;
        }
        synchronized (previous.built) {
            previous.built.removeIf(carried::contains);
        }
        synchronized (previous.keysByComponent) {
            previous.keysByComponent.keySet().removeIf(carried::contains);
        }
        previous.successor = this;
        reusable.clear();
        carriedCount = carried.size();
        carried.clear();
    }

    /** How many components this catalog took from the previous one (for the reload log). */
    public int carriedCount() {
        return Math.max(carriedCount, carried.size());
    }

    /** How many components this catalog created. */
    public int createdCount() {
        return built.size() - carriedCount();
    }

    /** Interface for building the plugin context once the catalog can resolve datasources. */
    @FunctionalInterface
    interface PluginContextFactory {
        PluginContext create(java.util.function.BiFunction<String, String, Object> datasources);
    }

    /**
     * Closes what this catalog owns: what it created, and what it carried over once committed (a catalog
     * dropped before its commit leaves those to the previous one).
     */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (built) {
            all = new ArrayList<>(built);
            built.clear();
        }
        all.removeIf(carried::contains);
        synchronized (keysByComponent) {
            keysByComponent.clear();
        }
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", c, e.toString());
            }
        }
    }
}
