package io.recengine.core.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** The engine's {@link PluginContext}: one per engine generation. Thread-safe. */
final class EnginePluginContext implements PluginContext {

    static final String VERSION = "0.1.0";

    private final BiFunction<String, String, Object> datasources;
    private final Map<String, Map<String, ComponentConfig>> datasourceConfigs;
    private final ExecutorService executor;
    private final Clock clock;
    private final Path baseDir;
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final PluginMetrics metrics;

    EnginePluginContext(BiFunction<String, String, Object> datasources,
                        Map<String, Map<String, ComponentConfig>> datasourceConfigs, ExecutorService executor,
                        Clock clock, Path baseDir, MeterRegistry registry) {
        this.datasources = datasources;
        this.datasourceConfigs = datasourceConfigs;
        this.executor = executor;
        this.clock = clock;
        this.baseDir = baseDir;
        this.metrics = new PluginMetrics() {
            @Override
            public void increment(String name, String... tags) {
                registry.counter("recengine.plugin." + name, tags).increment();
            }

            @Override
            public void recordNanos(String name, long nanos, String... tags) {
                Timer.builder("recengine.plugin." + name).tags(tags).register(registry).record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    <T> void addService(Class<T> type, T service) {
        services.put(type, service);
    }

    /** Registers services keyed by the SPI interface they implement; a value of another type is refused. */
    void addServices(Map<Class<?>, Object> all) {
        all.forEach((type, service) -> {
            if (!type.isInstance(service)) {
                throw new IllegalArgumentException(service + " is not a " + type.getName());
            }
            services.put(type, service);
        });
    }

    @Override
    public <T> T datasource(String type, String name, Class<T> cls) {
        Object ds = datasources.apply(type, name);
        if (ds == null) {
            Map<String, ComponentConfig> map = mapOf(type);
            throw new ConfigException(type, name, "no datasource '" + name + "' in " + type + ". Defined: "
                    + new TreeSet<>(map.keySet()));
        }
        if (!cls.isInstance(ds)) {
            throw new ConfigException(type, name, "datasource '" + name + "' is a " + ds.getClass().getName()
                    + " (from " + ds.getClass().getClassLoader() + "), not a " + cls.getName());
        }
        return cls.cast(ds);
    }

    @Override
    public Optional<ComponentConfig> datasourceConfig(String type, String name) {
        return Optional.ofNullable(mapOf(type).get(name));
    }

    private Map<String, ComponentConfig> mapOf(String type) {
        for (Map.Entry<String, Map<String, ComponentConfig>> e : datasourceConfigs.entrySet()) {
            if (e.getKey().equalsIgnoreCase(type)) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public PluginMetrics metrics() {
        return metrics;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String engineVersion() {
        return VERSION;
    }

    @Override
    public Path resolvePath(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || baseDir == null) {
            return p;
        }
        return baseDir.resolve(p).normalize();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }
}
