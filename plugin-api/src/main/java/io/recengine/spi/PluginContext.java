package io.recengine.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The only door from a plugin into the engine. Valid for the lifetime of the components created with
 * it. Thread-safe.
 */
public interface PluginContext {

    /**
     * The datasource built from {@code <type>[name]}, e.g. {@code datasource("HologresConfs", "holo", HologresSource.class)}.
     * Throws {@link ConfigException} naming the map and the known names when it does not exist, or when
     * it is not of the requested class (a datasource can only be used by the plugin that built it, or
     * through SPI interfaces).
     */
    <T> T datasource(String type, String name, Class<T> cls);

    /**
     * The raw config object {@code <type>[name]} (for example {@code BEConfs["be"]}), whether or not a
     * datasource factory exists for it; empty when the entry does not exist.
     */
    Optional<ComponentConfig> datasourceConfig(String type, String name);

    /**
     * A bounded engine pool for plugin-internal fan-out (parallel chunks of a query). Tasks must be
     * short and must not block on other tasks of the same pool. Do not shut it down.
     */
    ExecutorService executor();

    /** Metrics facade. */
    PluginMetrics metrics();

    /** The engine clock; use it instead of {@code System.currentTimeMillis()} so tests can control time. */
    Clock clock();

    /** The engine version, e.g. {@code 0.1.0}. */
    String engineVersion();

    /**
     * Resolves a path written in the config: absolute paths stay, relative ones are taken from the
     * directory of the config file.
     */
    Path resolvePath(String path);

    /**
     * An engine service exposed to plugins through an interface of this package (for example an
     * embedded match engine), or empty when the engine does not offer it.
     */
    <T> Optional<T> service(Class<T> type);
}
