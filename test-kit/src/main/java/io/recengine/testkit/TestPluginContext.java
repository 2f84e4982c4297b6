package io.recengine.testkit;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/**
 * A {@link PluginContext} for tests of components, built with only what the test needs:
 * <pre>{@code
 * PluginContext ctx = TestPluginContext.builder()
 *         .datasource("HologresConfs", "holo", db)
 *         .datasourceConfig("BEConfs", "be", Map.of("Username", "aime"))
 *         .service(MatchEngine.class, engine)
 *         .executor(pool).clock(fakeClock).baseDir(tmp)
 *         .build();
 * }</pre>
 * Defaults: no datasources, configs or services; the common fork-join pool; no-op metrics; the UTC system
 * clock; paths resolved against the working directory; engine version {@code test}. Lookups behave as the
 * engine's: map types match case-insensitively, and an unknown or wrongly typed datasource throws
 * {@link ConfigException} naming the map, the name and the defined names. Immutable and thread-safe once built.
 */
public final class TestPluginContext implements PluginContext {

    private final Map<String, Map<String, Object>> datasources;
    private final Map<String, Map<String, ComponentConfig>> configs;
    private final Map<Class<?>, Object> services;
    private final ExecutorService executor;
    private final PluginMetrics metrics;
    private final Clock clock;
    private final Path baseDir;
    private final String engineVersion;

    private TestPluginContext(Builder b) {
        this.datasources = copy(b.datasources);
        this.configs = copy(b.configs);
        this.services = Map.copyOf(b.services);
        this.executor = b.executor;
        this.metrics = b.metrics;
        this.clock = b.clock;
        this.baseDir = b.baseDir;
        this.engineVersion = b.engineVersion;
    }

    /** Map types ({@code HologresConfs}) match case-insensitively, names exactly, as in the engine. */
    private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> m) {
        TreeMap<String, Map<String, V>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        m.forEach((type, byName) -> out.merge(type, Map.copyOf(byName), (a, b) -> {
            Map<String, V> both = new LinkedHashMap<>(a);
            both.putAll(b);
            return Map.copyOf(both);
        }));
        return Collections.unmodifiableMap(out);
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A context with the defaults only: for components that need nothing from the engine. */
    public static TestPluginContext defaults() {
        return builder().build();
    }

    @Override
    public <T> T datasource(String type, String name, Class<T> cls) {
        Map<String, Object> byName = datasources.getOrDefault(type, Map.of());
        Object ds = byName.get(name);
        if (ds == null) {
            throw new ConfigException(type, name, "no datasource '" + name + "' in " + type + ". Defined: "
                    + new TreeSet<>(byName.keySet()));
        }
        if (!cls.isInstance(ds)) {
            throw new ConfigException(type, name, "datasource '" + name + "' is a " + ds.getClass().getName()
                    + ", not a " + cls.getName());
        }
        return cls.cast(ds);
    }

    @Override
    public Optional<ComponentConfig> datasourceConfig(String type, String name) {
        return Optional.ofNullable(configs.getOrDefault(type, Map.of()).get(name));
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
        return engineVersion;
    }

    @Override
    public Path resolvePath(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    @Override
    public String toString() {
        return "TestPluginContext{datasources=" + datasources.keySet() + ", configs=" + configs.keySet()
                + ", services=" + services.keySet() + ", baseDir=" + baseDir + "}";
    }

    /** Collects what the context serves. Not thread-safe; {@link #build} copies. */
    public static final class Builder {

        private final Map<String, Map<String, Object>> datasources = new LinkedHashMap<>();
        private final Map<String, Map<String, ComponentConfig>> configs = new LinkedHashMap<>();
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private ExecutorService executor = ForkJoinPool.commonPool();
        private PluginMetrics metrics = PluginMetrics.NOOP;
        private Clock clock = Clock.systemUTC();
        private Path baseDir = Path.of("").toAbsolutePath();
        private String engineVersion = "test";

        private Builder() {
        }

        /**
         * Serves {@code datasource} as {@code <type>[name]} (e.g. {@code HologresConfs}, {@code holo}).
         * Register the plugin's own object, as the engine hands it out: undecorated.
         */
        public Builder datasource(String type, String name, Object datasource) {
            datasources.computeIfAbsent(type, k -> new LinkedHashMap<>()).put(name,
                    Objects.requireNonNull(datasource, "datasource"));
            return this;
        }

        /** Serves the raw config object {@code <type>[name]}. */
        public Builder datasourceConfig(String type, String name, Map<String, ?> values) {
            return datasourceConfig(type, name, ComponentConfig.of(type + "." + name, values));
        }

        /** Serves the raw config object {@code <type>[name]}. */
        public Builder datasourceConfig(String type, String name, ComponentConfig config) {
            configs.computeIfAbsent(type, k -> new LinkedHashMap<>()).put(name, Objects.requireNonNull(config, "config"));
            return this;
        }

        /** Offers an engine service (for example the embedded match engine) under its SPI interface. */
        public <T> Builder service(Class<T> type, T service) {
            services.put(type, type.cast(Objects.requireNonNull(service, "service")));
            return this;
        }

        /** The plugin pool; the caller owns it (the context never shuts it down). */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Builder metrics(PluginMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The engine clock; a fixed or hand-moved clock makes time-based behaviour testable. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The directory relative config paths are resolved against (the config file's directory). */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir.toAbsolutePath();
            return this;
        }

        public Builder engineVersion(String engineVersion) {
            this.engineVersion = Objects.requireNonNull(engineVersion, "engineVersion");
            return this;
        }

        public TestPluginContext build() {
            return new TestPluginContext(this);
        }
    }
}
