package io.recengine.core.generation;

import io.recengine.core.callback.CallbackStages;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.experiment.ExperimentSource;
import io.recengine.core.experiment.Experiments;
import io.recengine.core.match.MatchService;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.ComponentCatalog;
import io.recengine.core.pipeline.Dependency;
import io.recengine.core.pipeline.ScenePipeline;
import io.recengine.core.pipeline.ScenePipelines;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ConfigException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One config generation, the engine's one unit of configuration: the components (catalog), a pipeline per
 * scene, the callback stages and the match engine's table definitions, built together from one config and
 * immutable. Reload follows Vespa's model: a reload builds a complete new generation off the request path
 * (reusing the previous one's unchanged components, see {@link ComponentCatalog}), swaps it in
 * ({@code RecEngine} holds it in a volatile field; every request {@link #enter enters} the one it read and
 * keeps it to the end) and closes the old one once its requests have left ({@link #awaitDrained}). What
 * lives as long as the engine (thread pools, the callback queue and workers, the match engine's loaded
 * data) takes the current generation's parts.
 */
public final class EngineGeneration implements AutoCloseable {

    /** The metrics label of requests for scenes that are not configured. */
    public static final String UNKNOWN_SCENE = ScenePipelines.UNKNOWN_SCENE;

    private final EngineConfig config;
    private final ComponentCatalog catalog;
    private final MatchService.Definitions matchDefinitions;
    private final ScenePipelines pipelines;
    private final CallbackStages callbackStages;
    /** The A/B experiments ({@code EngineConf.ExperimentFile} or {@code EngineConf.Experiments}). */
    private final Experiments experiments;
    private final ConfigVersion version;
    /** Requests that entered this generation and have not left it. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private EngineGeneration(EngineConfig config, ComponentCatalog catalog, MatchService.Definitions matchDefinitions,
                             ScenePipelines pipelines, CallbackStages callbackStages, Experiments experiments,
                             ConfigVersion version) {
        this.version = version;
        this.config = config;
        this.catalog = catalog;
        this.matchDefinitions = matchDefinitions;
        this.pipelines = pipelines;
        this.callbackStages = callbackStages;
        this.experiments = experiments;
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
        return build(config, matchDefinitions, registry, metrics, recallPool, pluginPool, clock, services,
                ConfigVersion.of(config), null);
    }

    /**
     * {@link #build(EngineConfig, MatchService.Definitions, PluginRegistry, EngineMetrics, ExecutorService,
     * ExecutorService, Clock, Map)} for a reload: the components of {@code previous} whose config did not
     * change are reused. The new generation owns them once {@link #commit committed} over {@code previous};
     * closing it before that closes only what it created.
     *
     * @param version  what the generation was built from, for {@code /health}
     * @param previous the generation in service, or null
     */
    public static EngineGeneration build(EngineConfig config, MatchService.Definitions matchDefinitions,
                                         PluginRegistry registry, EngineMetrics metrics, ExecutorService recallPool,
                                         ExecutorService pluginPool, Clock clock, Map<Class<?>, Object> services,
                                         ConfigVersion version, EngineGeneration previous) {
        Experiments experiments = ExperimentSource.read(config, clock); // first: a bad file builds no component
        ComponentCatalog catalog = ComponentCatalog.build(config, registry, metrics, pluginPool, clock, services,
                previous == null ? null : previous.catalog);
        List<ConfigException> problems = new ArrayList<>();
        ScenePipelines pipelines = null;
        CallbackStages callbackStages = CallbackStages.NONE;
        try {
            pipelines = ScenePipelines.build(config, catalog, metrics, recallPool, pluginPool, clock, problems);
            callbackStages = CallbackStages.build(config, catalog, metrics, pluginPool, clock);
        } catch (ConfigException e) {
            problems.add(e);
        }
        problems.addAll(0, catalog.problems());
        if (!problems.isEmpty()) {
            callbackStages.close();
            catalog.close();
            throw new ConfigValidationException(config.source(), problems);
        }
        return new EngineGeneration(config, catalog, matchDefinitions, pipelines, callbackStages, experiments, version);
    }

    /**
     * Puts this generation in service after {@code previous} (already swapped out): the components carried
     * over become this generation's, so closing {@code previous} leaves them open.
     */
    public void commit(EngineGeneration previous) {
        if (previous != null) {
            catalog.commit(previous.catalog);
        }
    }

    /** What this generation was built from: the files' short hash and the load time. */
    public ConfigVersion version() {
        return version;
    }

    /**
     * A request starts on this generation. The caller must check that it is still the current one
     * afterwards (else {@link #exit} and read again), so that none enters after {@link #awaitDrained} saw 0.
     */
    public void enter() {
        inFlight.incrementAndGet();
    }

    /** A request that {@link #enter entered} has finished. */
    public void exit() {
        inFlight.decrementAndGet();
    }

    /** Requests on this generation now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits, once this generation is no longer the current one, until its requests have left or
     * {@code timeoutMillis} passed. Returns the requests still in flight (0: drained).
     */
    public int awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int n;
        // requests take milliseconds: a short poll costs nothing next to building a generation
        while ((n = inFlight.get()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return n;
    }

    /**
     * The scene's pipeline. An unknown scene gets a pipeline without recalls (PAI-Rec: empty recall,
     * answer 299) that still applies the default filters and sorts.
     */
    public ScenePipeline pipeline(String scene) {
        return pipelines.pipeline(scene);
    }

    public boolean hasScene(String scene) {
        return pipelines.hasScene(scene);
    }

    /** The A/B experiments requests are matched against; {@link Experiments#NONE} without any. */
    public Experiments experiments() {
        return experiments;
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

    /** The remotes this generation depends on: its datasources, then its callback sinks. */
    public List<Dependency> dependencies() {
        List<Dependency> all = new ArrayList<>(catalog.dependencies());
        all.addAll(callbackStages.dependencies());
        return all;
    }

    public List<String> scenes() {
        return pipelines.scenes();
    }

    /** Closes the callback stages' channels, then the components it owns (not those a newer one carried over). */
    @Override
    public void close() {
        callbackStages.close();
        catalog.close();
    }
}
