package io.recengine.core;

import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlBoard;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.ConfigValidator;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.experiment.ExperimentSource;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.callback.CallbackRequest;
import io.recengine.core.callback.CallbackResult;
import io.recengine.core.callback.CallbackService;
import io.recengine.core.match.MatchService;
import io.recengine.core.generation.ConfigVersion;
import io.recengine.core.generation.ConfigWatcher;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.generation.ReloadOutcome;
import io.recengine.core.generation.Reloads;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine: config, plugins, components and scene pipelines, behind typed operations (feed, recall,
 * callback, match reads and updates). The wire formats (PAI-Rec's JSON, AIME's query strings, the protocol) are
 * engine-server's. Thread-safe.
 *
 * <p>Hot reload ({@link #reload}, the config watcher): a new {@link EngineGeneration} is built off the request
 * path from the files as they are, validated as at start, and swapped in; requests in flight finish on the
 * generation they started on, which is closed once they have left. What is set once at start (pools, the
 * port, {@code EngineConf} but {@link #LIVE_ENGINE_KEYS}, {@code MatchEngineConf}) is not reloaded.
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
    private final Path configPath;
    private final Clock clock;
    private final Map<Class<?>, Object> services;
    /** Traffic control's tasks (the generation in service's) and measured traffic, for TrafficControlSort. */
    private final TrafficControlBoard trafficControl;
    /** Whether served answers are counted for traffic control (the engine started with experiments). */
    private final boolean countsTraffic;
    /** The generation a request on this thread entered: what the feed service reads while it runs. */
    private final ThreadLocal<EngineGeneration> entered = new ThreadLocal<>();
    /** Which scenes {@link #feedIfInProcess} serves on the caller. */
    private final io.recengine.core.request.InProcessScenes inProcessScenes = new io.recengine.core.request.InProcessScenes();
    private final Reloads reloads = new Reloads(this::reloadOnce);
    /** More checks of a reloaded config: the protocol layer's own {@code EngineConf} keys. */
    private final List<Function<EngineConfig, List<ConfigException>>> reloadChecks = new CopyOnWriteArrayList<>();
    private final boolean callbacksAtStart;
    private volatile ConfigWatcher watcher;

    /** {@code EngineConf} keys a reload applies; the others are read once at start. */
    public static final Set<String> LIVE_ENGINE_KEYS = liveEngineKeys();

    private static Set<String> liveEngineKeys() {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(List.of("RecallTimeout", "ExperimentFile"));
        return java.util.Collections.unmodifiableSet(s);
    }

    private RecEngine(PluginRegistry registry, EngineConfig config, ConfigVersion version, EngineOptions options) {
        this.registry = registry;
        this.config = config;
        this.configPath = options.configPath();
        this.clock = options.clock();
        this.metrics = new EngineMetrics(options.meterRegistry());
        // validated before (start): a problem here is a ConfigValidationException, not a stack trace
        EngineSettings settings = EngineSettings.of(config);
        this.settings = settings;
        this.recallPool = pool("recengine-recall", settings.recallThreads(), settings.recallQueueSize());
        this.pluginPool = pool("recengine-plugin", settings.pluginThreads(), settings.pluginQueueSize());
        this.afterPool = pool("recengine-after", settings.afterResponseThreads(), settings.afterResponseQueueSize());
        MatchService m = null;
        this.trafficControl = new TrafficControlBoard(options.clock());
        Map<Class<?>, Object> engineServices = null;
        try {
            // the generation holds the table definitions; the loaded tables (changed by updates) outlive it
            MatchService.Definitions tables = MatchService.definitions(config);
            m = MatchService.build(tables);
            engineServices = new HashMap<>(m.services());
            engineServices.put(TrafficControlBoard.class, trafficControl);
            engineServices = Map.copyOf(engineServices);
            this.generation = EngineGeneration.build(config, tables, registry, metrics, recallPool, pluginPool,
                    options.clock(), engineServices, version, null);
            trafficControl.publish(generation.experiments().trafficControlTasks());
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
        this.services = engineServices;
        metrics.configLoads("ok").increment();
        ReloadOutcome.OUTCOMES.forEach(o -> reloadCounter(o));
        registerDependencyGauges(generation);
        this.callbacksAtStart = !generation.callbackStages().isEmpty();
        CallbackService cb = CallbackService.start(config, () -> generation.callbackStages(), metrics, options.clock());
        this.callback = cb;
        List<Stages.AfterResponse> after = new ArrayList<>();
        if (cb.autoInvoke() != null) {
            after.add(cb.autoInvoke());
        }
        // the actual traffic of traffic-control targets: what the feed answered, counted off the request path.
        // Tasks come only from experiments, so an engine started without them pays no after-response task
        this.countsTraffic = ExperimentSource.file(config) != null || config.engineConf().has(ExperimentSource.INLINE_KEY);
        if (countsTraffic) {
            after.add(trafficControl::record);
        }
        this.feed = new FeedService(this::requestGeneration, metrics, afterPool, after, settings.requestTimeoutMs());
    }

    private void registerDependencyGauges(EngineGeneration g) {
        for (Dependency d : g.dependencies()) {
            // the gauge reads the current generation: 1 up, 0 down, NaN when a reload dropped the dependency;
            // registering a name and tags again returns the gauge there is
            Gauge.builder("recengine.dependency.up", this, e -> e.dependencyUp(d.kind(), d.name()))
                    .description("Whether a datasource or callback sink answered the last time it was tried (1) or not (0)")
                    .tag("kind", d.kind()).tag("name", d.name()).register(metrics.registry());
        }
    }

    /** {@code recengine_config_reloads_total{outcome}}. */
    private io.micrometer.core.instrument.Counter reloadCounter(String outcome) {
        return io.micrometer.core.instrument.Counter.builder("recengine.config.reloads")
                .description("Config reloads by outcome: applied, rejected (the old config keeps serving), unchanged")
                .tag("outcome", outcome).register(metrics.registry());
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
        return start(options, null);
    }

    /** {@link #start(EngineOptions)} with the plugins of {@code plugins} (tests), or loaded as options say (null). */
    static RecEngine start(EngineOptions options, PluginRegistry plugins) {
        EngineConfig config;
        ConfigVersion version;
        try {
            Loaded loaded = Loaded.read(options.configPath(), options.clock());
            config = loaded.config();
            version = loaded.version();
        } catch (ConfigException e) {
            throw new ConfigValidationException(options.configPath().toString(), List.of(e));
        }
        PluginRegistry registry = plugins != null ? plugins : loadPlugins(options);
        ConfigValidator.warnings(config).forEach(w -> LOG.warn("{}", w));
        List<ConfigException> problems = validate(config, registry);
        if (!problems.isEmpty()) {
            registry.close();
            throw new ConfigValidationException(config.source(), problems);
        }
        try {
            RecEngine engine = new RecEngine(registry, config, version, options);
            LOG.info("RecEngine {} started: config {} (version {}), scenes {}, plugins {}", "0.1.0", config.source(),
                    version.hash(), engine.generation.scenes(), registry.plugins().stream().map(PluginInfo::name).toList());
            engine.watch();
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
        EngineGeneration g = enter();
        try {
            return feed.feed(request);
        } finally {
            leave(g);
        }
    }

    /**
     * {@link #feed}, run only when the request's scene runs entirely on the calling thread (every recall,
     * feature DAO and model in process, built-in filters and sorts, no stage on a pool, no experiment on
     * the scene: {@link io.recengine.core.request.InProcessScenes}), in the generation the request entered;
     * else null, nothing run: the caller then calls {@link #feed} on a thread that may block. Lets the
     * protocol layer serve such scenes on its I/O thread without a hand-off. Never throws.
     */
    public FeedResult feedIfInProcess(FeedRequest request) {
        EngineGeneration g = enter();
        try {
            return inProcessScenes.test(g, request.sceneId()) ? feed.feed(request) : null;
        } finally {
            leave(g);
        }
    }

    /**
     * A feed request with every stage traced, for the diagnostic page: the answer, the trace and the
     * scene's {@code RankScore}. No after-response work. Never throws.
     */
    public io.recengine.core.request.Diagnosis diagnose(FeedRequest request) {
        EngineGeneration g = enter();
        try {
            return feed.diagnose(request);
        } finally {
            leave(g);
        }
    }

    /**
     * Enters the current generation for one request: counted in it until {@link #leave}, so that a reload
     * closes it only after the request. Checked again after counting, so no request enters a generation
     * whose drain has already begun.
     */
    private EngineGeneration enter() {
        while (true) {
            EngineGeneration g = generation;
            g.enter();
            if (g == generation) {
                entered.set(g);
                return g;
            }
            g.exit();
        }
    }

    private void leave(EngineGeneration g) {
        entered.remove();
        g.exit();
    }

    /** What the feed service runs on: the generation this thread's request entered, else the current one. */
    private EngineGeneration requestGeneration() {
        EngineGeneration g = entered.get();
        return g != null ? g : generation;
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
        EngineGeneration g = enter();
        try {
            return feed.recall(request);
        } finally {
            leave(g);
        }
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
        ConfigWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        reloads.close();
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

    // ---- hot reload ----

    /** The config file and the experiment file it names, read once: what a generation is built from. */
    private record Loaded(EngineConfig config, ConfigVersion version) {

        static Loaded read(Path configPath, Clock clock) {
            byte[] bytes = readFile(configPath, "config " + configPath);
            EngineConfig config = ConfigLoader.parse(bytes, configPath.toString(), configPath.toAbsolutePath().getParent());
            Path experiments = RecEngine.experimentFile(config);
            List<byte[]> contents = new ArrayList<>();
            contents.add(bytes);
            if (experiments != null) {
                // a missing experiment file is the experiment loader's problem to report; the version still differs
                contents.add(Files.isRegularFile(experiments) ? readFile(experiments, "ExperimentFile " + experiments)
                        : new byte[0]);
            }
            return new Loaded(config, ConfigVersion.of(contents, clock.instant()));
        }

        private static byte[] readFile(Path p, String who) {
            try {
                return Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                throw new ConfigException(who, "", "file not found");
            } catch (IOException e) {
                throw new ConfigException(who, "", "cannot read: " + e.getMessage(), e);
            }
        }
    }

    /** {@code EngineConf.ExperimentFile}, relative to the config's folder; null when not set. */
    private static Path experimentFile(EngineConfig config) {
        String name;
        try {
            name = config.engineConf().string("ExperimentFile", "");
        } catch (ConfigException e) {
            // a wrong type is validation's to report
            return null;
        }
        if (name.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(name);
            return p.isAbsolute() || config.baseDir() == null ? p : config.baseDir().resolve(p).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Starts the config watcher when {@code EngineConf.ConfigWatchIntervalMs} is above 0. */
    private void watch() {
        int interval = settings.configWatchIntervalMs();
        if (interval <= 0) {
            LOG.info("config watching off (EngineConf.ConfigWatchIntervalMs 0): reload through the admin route or SIGHUP");
            return;
        }
        watcher = new ConfigWatcher(this::watchedFiles, () -> reload("file")).start(interval);
    }

    private List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        files.add(configPath);
        Path exp = experimentFile(generation.config());
        if (exp != null) {
            files.add(exp);
        }
        return files;
    }

    /**
     * Reloads the config file (and the experiment file it names) off the request path: validates it as at
     * start, builds a new generation reusing the unchanged components, and swaps it in. Reloads run one at a
     * time; requests made while one runs share the next one. A config with problems is not applied (the
     * current one keeps serving); the outcome says why.
     *
     * @param trigger what asks for it, for the log and {@code /health} ({@code admin}, {@code SIGHUP}, ...)
     */
    public CompletableFuture<ReloadOutcome> reload(String trigger) {
        return reloads.request(trigger);
    }

    /** Called after every reload with its outcome (on the reload thread). */
    public void addReloadListener(Consumer<ReloadOutcome> listener) {
        reloads.addListener(listener);
    }

    /**
     * Adds a check a reloaded config must pass besides the engine's own (the protocol layer's
     * {@code EngineConf} keys); its problems reject the reload.
     */
    public void addReloadCheck(Function<EngineConfig, List<ConfigException>> check) {
        reloadChecks.add(check);
    }

    /**
     * What {@code /health} shows of the config: the version served (short hash of the files, load time) and
     * the last reload's outcome, problems and what needs a restart. No path, no secret.
     */
    public Map<String, Object> configStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        EngineGeneration g = generation;
        m.put("file", fileName(config.source()));
        m.put("version", g.version().hash());
        m.put("loadedAt", g.version().loadedAt().toString());
        m.put("watchIntervalMs", watcher == null ? 0 : settings.configWatchIntervalMs());
        ReloadOutcome last = reloads.last();
        if (last != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("outcome", last.outcome());
            r.put("triggers", last.triggers());
            r.put("at", last.at().toString());
            r.put("attemptedVersion", last.attempted() == null ? "" : last.attempted().hash());
            r.put("problems", last.problems());
            r.put("needsRestart", last.needsRestart());
            m.put("lastReload", r);
        }
        return m;
    }

    /** The last reload's outcome; null before the first. */
    public ReloadOutcome lastReload() {
        return reloads.last();
    }

    private ReloadOutcome reloadOnce(List<String> triggers) {
        try {
            return tryReload(triggers);
        } catch (RuntimeException | LinkageError e) {
            // a check that throws instead of reporting: still a rejected reload, counted and shown
            LOG.error("reload: validating the new config failed", e);
            return finish(ReloadOutcome.REJECTED, triggers, null, List.of("the new config could not be checked: " + e),
                    List.of(), null);
        }
    }

    private ReloadOutcome tryReload(List<String> triggers) {
        EngineGeneration current = generation;
        Loaded loaded;
        try {
            loaded = Loaded.read(configPath, clock);
        } catch (ConfigException e) {
            return finish(ReloadOutcome.REJECTED, triggers, null, List.of(e.getMessage()), List.of(), null);
        }
        if (loaded.version().hash().equals(current.version().hash())) {
            return finish(ReloadOutcome.UNCHANGED, triggers, loaded.version(), List.of(), List.of(), null);
        }
        EngineConfig next = loaded.config();
        ConfigValidator.warnings(next).forEach(w -> LOG.warn("reload: {}", w));
        List<ConfigException> problems = new ArrayList<>(validate(next, registry));
        for (Function<EngineConfig, List<ConfigException>> check : reloadChecks) {
            problems.addAll(check.apply(next));
        }
        if (!Objects.equals(next.root().raw("MatchEngineConf"), config.root().raw("MatchEngineConf"))) {
            // the loaded tables and their users outlive generations: a new definition would not match them
            problems.add(new ConfigException("MatchEngineConf", "", "changed, but the match engine's tables, users "
                    + "and reply style are set at start: restart the engine to apply it"));
        }
        List<String> restart = needsRestart(next);
        if (!problems.isEmpty()) {
            return finish(ReloadOutcome.REJECTED, triggers, loaded.version(), messages(problems), restart, null);
        }
        EngineGeneration built;
        try {
            built = EngineGeneration.build(next, current.matchDefinitions(), registry, metrics, recallPool, pluginPool,
                    clock, services, loaded.version(), current);
        } catch (ConfigValidationException e) {
            return finish(ReloadOutcome.REJECTED, triggers, loaded.version(), messages(e.problems()), restart, null);
        } catch (ConfigException e) {
            return finish(ReloadOutcome.REJECTED, triggers, loaded.version(), List.of(e.getMessage()), restart, null);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("reload: building the new generation failed", e);
            return finish(ReloadOutcome.REJECTED, triggers, loaded.version(),
                    List.of("the new config could not be built: " + e), restart, null);
        }
        built.commit(current);
        generation = built;
        trafficControl.publish(built.experiments().trafficControlTasks());
        if (!countsTraffic && !built.experiments().trafficControlTasks().isEmpty()) {
            LOG.warn("reload: traffic-control tasks applied, but the engine started without experiments and does not "
                    + "count served answers: TrafficControlSort's Global targets stay without figures until a restart");
        }
        registerDependencyGauges(built);
        metrics.configLoads("ok").increment();
        reloads.retire(() -> retire(current));
        return finish(ReloadOutcome.APPLIED, triggers, loaded.version(), List.of(), restart, built);
    }

    private ReloadOutcome finish(String outcome, List<String> triggers, ConfigVersion attempted, List<String> problems,
                                 List<String> restart, EngineGeneration built) {
        ReloadOutcome o = new ReloadOutcome(outcome, triggers, clock.instant(), attempted, generation.version(), problems,
                restart, built == null ? 0 : built.catalog().carriedCount(),
                built == null ? 0 : built.catalog().createdCount());
        reloadCounter(outcome).increment();
        String hash = attempted == null ? "-" : attempted.hash();
        switch (outcome) {
            case ReloadOutcome.APPLIED -> LOG.info("reload ({}): config version {} applied; {} components carried over, "
                    + "{} created", triggers, hash, o.carried(), o.created());
            case ReloadOutcome.UNCHANGED -> LOG.info("reload ({}): config version {} unchanged", triggers, hash);
            default -> {
                LOG.error("reload ({}): config version {} rejected with {} problem(s); still serving version {}",
                        triggers, hash, problems.size(), o.served().hash());
                problems.forEach(p -> LOG.error("reload: {}", p));
            }
        }
        restart.forEach(r -> LOG.warn("reload: {} changed; it takes effect at the next restart (ignored until then)", r));
        return o;
    }

    private static List<String> messages(List<ConfigException> problems) {
        return problems.stream().map(ConfigException::getMessage).toList();
    }

    /** What changed in {@code next} against the config the engine started with but is read only at start. */
    private List<String> needsRestart(EngineConfig next) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(config.root().raw("ListenConf"), next.root().raw("ListenConf"))) {
            out.add("ListenConf");
        }
        Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        keys.addAll(config.engineConf().keys());
        keys.addAll(next.engineConf().keys());
        for (String k : keys) {
            if (!LIVE_ENGINE_KEYS.contains(k) && !Objects.equals(config.engineConf().raw(k), next.engineConf().raw(k))) {
                out.add(EngineSettings.KEY + "." + k);
            }
        }
        if (!callbacksAtStart && !next.callBackConfs().isEmpty()) {
            // the automatic callback and its journal are set up at start only when a scene has a callback
            out.add("CallBackConfs (none at start)");
        }
        return out;
    }

    /**
     * Closes a generation swapped out by a reload once its requests have left (at most the drain time, then
     * anyway, with a warning), and after the after-response work they queued.
     */
    private void retire(EngineGeneration old) {
        long drainMs = settings.requestTimeoutMs() > 0 ? Math.max(5_000L, 2L * settings.requestTimeoutMs()) : 30_000L;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
        try {
            int left = old.awaitDrained(drainMs);
            if (left > 0) {
                LOG.warn("reload: {} request(s) still on config version {} after {} ms; closing it anyway", left,
                        old.version().hash(), drainMs);
            }
            long queued = afterPool.getTaskCount();
            while (afterPool.getCompletedTaskCount() < queued && System.nanoTime() < deadline && !afterPool.isShutdown()) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        old.close();
        LOG.info("reload: config version {} closed", old.version().hash());
    }

    /** For tests: completes once the generations replaced so far are closed. */
    CompletableFuture<Void> retired() {
        return reloads.retired();
    }

    /** For tests and benchmarks: the current generation. */
    EngineGeneration generation() {
        return generation;
    }

    ExecutorService recallPool() {
        return recallPool;
    }
}
