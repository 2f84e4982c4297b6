package io.recengine.core;

import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.ConfigValidator;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.callback.CallbackRequest;
import io.recengine.core.callback.CallbackResult;
import io.recengine.core.callback.CallbackService;
import io.recengine.core.match.MatchService;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.pipeline.Dependency;
import io.recengine.core.pipeline.Stages;
import io.recengine.core.plugin.ComponentKind;
import io.recengine.core.plugin.PluginInfo;
import io.recengine.core.plugin.PluginLoadException;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.core.request.FeedService;
import io.recengine.core.request.RecallResult;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.replication.UpdateLog;
import io.recengine.spi.replication.UpdateLogFactory;
import io.micrometer.core.instrument.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine: config, plugins, components and scene pipelines, behind typed operations (feed, recall,
 * callback, match reads and updates). The wire formats (PAI-Rec's JSON, AIME's query strings, the protocol) are
 * engine-server's. Thread-safe.
 */
public final class RecEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecEngine.class);

    /** The safety net over the per-stage timeouts: no stage of a request waits past it. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = EngineSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    private final PluginRegistry registry;
    private final EngineConfig config;
    private final ThreadPoolExecutor recallPool;
    private final ThreadPoolExecutor pluginPool;
    private final ThreadPoolExecutor afterPool;
    private final EngineMetrics metrics;
    private volatile EngineGeneration generation;
    private final FeedService feed;
    private final MatchService match;
    private final CallbackService callback;
    private final EngineSettings settings;

    private RecEngine(PluginRegistry registry, EngineConfig config, EngineOptions options) {
        this.registry = registry;
        this.config = config;
        this.metrics = new EngineMetrics(options.meterRegistry());
        // validated before (start): a problem here is a ConfigValidationException, not a stack trace
        EngineSettings settings = EngineSettings.of(config);
        this.settings = settings;
        this.recallPool = pool("recengine-recall", settings.recallThreads(), settings.recallQueueSize());
        this.pluginPool = pool("recengine-plugin", settings.pluginThreads(), settings.pluginQueueSize());
        this.afterPool = pool("recengine-after", settings.afterResponseThreads(), settings.afterResponseQueueSize());
        MatchService m = null;
        try {
            // the generation holds the table definitions; the loaded tables (changed by updates) outlive it
            MatchService.Definitions tables = MatchService.definitions(config);
            m = MatchService.build(tables);
            this.generation = EngineGeneration.build(config, tables, registry, metrics, recallPool, pluginPool,
                    options.clock(), m.services());
            startReplication(m, tables, registry, generation, metrics);
        } catch (RuntimeException e) {
            if (generation != null) {
                generation.close();
            }
            if (m != null) {
                m.close();
            }
            shutdownPools();
            throw e;
        }
        this.match = m;
        metrics.configLoads("ok").increment();
        for (Dependency d : generation.dependencies()) {
            // the gauge reads the current generation: 1 up, 0 down, NaN when a reload dropped the dependency
            Gauge.builder("recengine.dependency.up", this, e -> e.dependencyUp(d.kind(), d.name()))
                    .description("Whether a datasource or callback sink answered the last time it was tried (1) or not (0)")
                    .tag("kind", d.kind()).tag("name", d.name()).register(metrics.registry());
        }
        CallbackService cb = CallbackService.start(config, () -> generation.callbackStages(), metrics, options.clock());
        this.callback = cb;
        List<Stages.AfterResponse> after = new ArrayList<>();
        if (cb.autoInvoke() != null) {
            after.add(cb.autoInvoke());
        }
        this.feed = new FeedService(() -> generation, metrics, afterPool, after, settings.requestTimeoutMs());
    }

    /** {@code MatchEngineConf.Replication}: the update log from its plugin, handed to the match engine. */
    private static void startReplication(MatchService match, MatchService.Definitions tables, PluginRegistry registry,
                                         EngineGeneration generation, EngineMetrics metrics) {
        String type = tables.replicationLogType();
        if (type == null) {
            return;
        }
        ComponentConfig conf = tables.replicationConfig().orElseThrow();
        UpdateLogFactory factory = registry.updateLog(type).orElseThrow(() -> new ConfigException(conf.path(),
                "KafkaName", "no plugin provides the '" + type + "' update log (is the kafka plugin folder installed?)."
                + " Known: " + registry.types(ComponentKind.UPDATE_LOG)));
        UpdateLog log = factory.create(conf, generation.catalog().context());
        try {
            match.replicate(log, metrics.registry());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Loads the config and the plugins, validates everything (all problems at once) and builds the
     * components.
     *
     * @throws ConfigValidationException when the config has problems
     */
    public static RecEngine start(EngineOptions options) {
        EngineConfig config;
        try {
            config = ConfigLoader.load(options.configPath());
        } catch (ConfigException e) {
            throw new ConfigValidationException(options.configPath().toString(), List.of(e));
        }
        PluginRegistry registry = loadPlugins(options);
        ConfigValidator.warnings(config).forEach(w -> LOG.warn("{}", w));
        List<ConfigException> problems = validate(config, registry);
        if (!problems.isEmpty()) {
            registry.close();
            throw new ConfigValidationException(config.source(), problems);
        }
        try {
            RecEngine engine = new RecEngine(registry, config, options);
            LOG.info("RecEngine {} started: config {}, scenes {}, plugins {}", "0.1.0", config.source(),
                    engine.generation.scenes(), registry.plugins().stream().map(PluginInfo::name).toList());
            return engine;
        } catch (ConfigException e) {
            // what validation cannot see without side effects (a data file that does not parse, a sink that
            // refuses): still one line per problem, no stack trace
            registry.close();
            throw new ConfigValidationException(config.source(), List.of(e));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Validates a config against the plugins without building components (no connections): what
     * {@code validate --config FILE} prints. Empty when the config is fine; unreadable JSON is one problem.
     */
    public static List<ConfigException> validate(EngineOptions options) {
        EngineConfig config;
        try {
            config = ConfigLoader.load(options.configPath());
        } catch (ConfigException e) {
            return List.of(e);
        }
        PluginRegistry registry;
        try {
            registry = loadPlugins(options);
        } catch (ConfigValidationException e) {
            return e.problems();
        }
        try (registry) {
            return validate(config, registry);
        }
    }

    /**
     * What {@code validate} prints as warnings: sections accepted but unused here (logging, metrics) and
     * unknown top-level keys; empty when the config does not load (that is a problem, not a warning).
     */
    public static List<String> warnings(EngineOptions options) {
        try {
            return ConfigValidator.warnings(ConfigLoader.load(options.configPath()));
        } catch (ConfigException e) {
            return List.of();
        }
    }

    private static PluginRegistry loadPlugins(EngineOptions options) {
        try {
            return PluginRegistry.load(RecEngine.class.getClassLoader(), options.pluginsDir());
        } catch (PluginLoadException e) {
            throw new ConfigValidationException(options.configPath().toString(),
                    List.of(new ConfigException("plugins", "", e.getMessage(), e)));
        }
    }

    static List<ConfigException> validate(EngineConfig config, PluginRegistry registry) {
        return ConfigValidator.validate(config, registry,
                List.of(RecEngine::checkFeatureStages, io.recengine.core.rank.RankStages::check,
                        io.recengine.core.pipeline.SceneStageChecks::check,
                        (c, r, problems) -> problems.addAll(MatchService.check(c)),
                        (c, r, problems) -> problems.addAll(MatchService.checkFiles(c)),
                        (c, r, problems) -> problems.addAll(io.recengine.core.experiment.ExperimentSource.check(c)),
                        RecEngine::checkReplication));
    }

    /** The update-log plugin of {@code MatchEngineConf.Replication} is loaded and accepts the object. */
    private static void checkReplication(EngineConfig config, PluginRegistry registry, List<ConfigException> problems) {
        MatchService.Definitions d;
        try {
            d = MatchService.definitions(config);
        } catch (ConfigException e) {
            return; // reported by MatchService.check
        }
        String type = d.replicationLogType();
        if (type == null) {
            return;
        }
        ComponentConfig conf = d.replicationConfig().orElseThrow();
        registry.updateLog(type).ifPresentOrElse(f -> problems.addAll(f.check(conf)),
                () -> problems.add(new ConfigException(conf.path(), "KafkaName", "no plugin provides the '" + type
                        + "' update log (is the kafka plugin folder installed?). Known: "
                        + registry.types(ComponentKind.UPDATE_LOG))));
    }

    private static void checkFeatureStages(EngineConfig config, PluginRegistry registry, List<ConfigException> problems) {
        var adapters = registry.types(ComponentKind.FEATURE_DAO);
        config.userFeatureConfs().forEach((scene, c) -> problems.addAll(FeatureStage.check(c, true, adapters)));
        config.featureConfs().forEach((scene, c) -> problems.addAll(FeatureStage.check(c, false, adapters)));
    }

    /** A feed request: recall, filter, rank, sort. Never throws (an engine fault is a result code). */
    public FeedResult feed(FeedRequest request) {
        return feed.feed(request);
    }

    /**
     * A feed request with every stage traced, for the diagnostic page: the answer, the trace and the
     * scene's {@code RankScore}. No after-response work. Never throws.
     */
    public io.recengine.core.request.Diagnosis diagnose(FeedRequest request) {
        return feed.diagnose(request);
    }

    /** The configured scenes and each one's categories ({@code SceneConfs}), in config order. */
    public Map<String, List<String>> sceneCategories() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        generation.config().scenes().forEach((scene, cats) -> m.put(scene, List.copyOf(cats.keySet())));
        return m;
    }

    /** {@code EngineConf} read with types and ranges (validated at start). */
    public EngineSettings settings() {
        return settings;
    }

    /** Recall only ({@code /api/recall}). Never throws. */
    public RecallResult recall(FeedRequest request) {
        return feed.recall(request);
    }

    /** Queues a callback for the scene's sinks. Never throws. */
    public CallbackResult callback(CallbackRequest request) {
        return callback.submit(request);
    }

    /** The embedded match engine: typed reads and updates, its users and reply style. */
    public MatchService match() {
        return match;
    }

    /** The engine's meters, for what the server counts (answers by body code). */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** The loaded plugins. */
    public PluginRegistry plugins() {
        return registry;
    }

    /** {@code ListenConf.HttpPort}, 8000 when absent or 0. */
    public int httpPort() {
        return config.httpPort();
    }

    /** {@code ListenConf.HttpAddr}, {@code ""} (all interfaces) when absent. */
    public String httpAddr() {
        return config.httpAddr();
    }

    /** {@code EngineConf}: the engine's own settings, also read by the protocol layer (its input limits). */
    public ComponentConfig engineConf() {
        return config.engineConf();
    }

    /**
     * What the health endpoint shows: loaded plugins with their component types and folder names, the
     * configured scenes, the built components by kind and the config's file name ({@link #dependencies()}
     * has the remotes' states).
     * JSON-shaped (maps, lists, strings); no absolute path, address or secret, since {@code /health} answers
     * anyone.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> plugins = new ArrayList<>();
        for (PluginInfo p : registry.plugins()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("source", relativeSource(p.source()));
            Map<String, Object> types = new LinkedHashMap<>();
            p.types().forEach((k, v) -> types.put(k.name().toLowerCase(), v));
            pm.put("types", types);
            plugins.add(pm);
        }
        m.put("plugins", plugins);
        Map<String, Object> types = new LinkedHashMap<>();
        for (ComponentKind k : ComponentKind.values()) {
            types.put(k.name().toLowerCase(), List.copyOf(registry.types(k)));
        }
        m.put("types", types);
        EngineGeneration g = generation;
        m.put("scenes", g.scenes());
        m.put("components", g.catalog().describe());
        m.put("config", fileName(config.source()));
        return m;
    }

    /**
     * The remotes the engine depends on (datasources, callback sinks) and whether each answered the last
     * time it was tried. A down dependency degrades its components; the engine keeps serving.
     */
    public List<Dependency> dependencies() {
        return generation.dependencies();
    }

    /** A plugin's source without the machine's directory layout: {@code classpath} or the plugin folder's name. */
    private static String relativeSource(String source) {
        return "classpath".equals(source) ? source : fileName(source);
    }

    private static String fileName(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        try {
            Path name = Path.of(path).getFileName();
            return name == null ? "" : name.toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }

    /** Stops background work, drains after-response tasks, closes components, then plugins. */
    @Override
    public void close() {
        afterPool.shutdown();
        try {
            if (!afterPool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("after-response tasks still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.close();
        shutdownPools();
        generation.close();
        match.close();
        registry.close();
    }

    private void shutdownPools() {
        recallPool.shutdownNow();
        pluginPool.shutdownNow();
        afterPool.shutdownNow();
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)), tf, new ThreadPoolExecutor.AbortPolicy());
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private double dependencyUp(String kind, String name) {
        for (Dependency d : generation.dependencies()) {
            if (d.kind().equals(kind) && d.name().equals(name)) {
                return d.up() ? 1 : 0;
            }
        }
        return Double.NaN;
    }

    /** For tests and benchmarks: the current generation. */
    EngineGeneration generation() {
        return generation;
    }

    ExecutorService recallPool() {
        return recallPool;
    }
}
