package io.recengine.core.plugin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/**
 * A minimal {@link PluginContext} for plugin tests. Datasources registered with
 * {@link #addDatasource} are handed out the way the engine must: undecorated.
 */
public final class TestPluginContext implements PluginContext {

    private final Map<String, Datasource> datasources = new LinkedHashMap<>();

    /** Registers the product of a registry datasource factory as {@code <type>[name]}. */
    public TestPluginContext addDatasource(String type, String name, Datasource datasource) {
        datasources.put(type + "/" + name, datasource);
        return this;
    }

    @Override
    public <T> T datasource(String type, String name, Class<T> cls) {
        Datasource ds = datasources.get(type + "/" + name);
        if (ds == null) {
            throw new ConfigException(type, name, "no such datasource");
        }
        Object original = ClassLoaderSafeDatasource.original(ds);
        if (!cls.isInstance(original)) {
            throw new ConfigException(type, name, "is a " + original.getClass().getName() + ", not a " + cls.getName());
        }
        return cls.cast(original);
    }

    @Override
    public Optional<ComponentConfig> datasourceConfig(String type, String name) {
        return Optional.empty();
    }

    @Override
    public ExecutorService executor() {
        return ForkJoinPool.commonPool();
    }

    @Override
    public PluginMetrics metrics() {
        return PluginMetrics.NOOP;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public String engineVersion() {
        return "test";
    }

    @Override
    public Path resolvePath(String path) {
        return Path.of(path).toAbsolutePath();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}
