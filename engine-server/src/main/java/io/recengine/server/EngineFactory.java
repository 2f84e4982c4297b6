package io.recengine.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Publishes the {@link RecEngine} bean, closed when the context stops.
 *
 * <ul>
 *   <li>Started by {@link Application}: the context holds a {@link StartedEngine}; its meters get
 *       Micronaut's {@link MeterRegistry} (Prometheus) added, so engine metrics appear on {@code /metrics}.</li>
 *   <li>Otherwise (tests, embedding): the engine starts here from {@value #CONFIG_PROPERTY} and
 *       {@value #PLUGINS_DIR_PROPERTY}, with Micronaut's registry.</li>
 * </ul>
 */
@Factory
final class EngineFactory {

    /** The PAI-Rec JSON config, when the context starts the engine itself. */
    static final String CONFIG_PROPERTY = "recengine.config";
    /** The plugins directory, when the context starts the engine itself. */
    static final String PLUGINS_DIR_PROPERTY = "recengine.plugins-dir";

    @Context
    @Bean(preDestroy = "close")
    RecEngine recEngine(Optional<StartedEngine> started,
                        @Nullable MeterRegistry meterRegistry,
                        @Property(name = CONFIG_PROPERTY) @Nullable String config,
                        @Property(name = PLUGINS_DIR_PROPERTY) @Nullable String pluginsDir) {
        if (started.isPresent()) {
            if (meterRegistry != null) {
                started.get().meters().add(meterRegistry);
            }
            return withReloadChecks(started.get().engine());
        }
        if (config == null || config.isBlank()) {
            throw new ConfigurationException("no engine: set " + CONFIG_PROPERTY + " to a PAI-Rec JSON config");
        }
        EngineOptions options = EngineOptions.of(Path.of(config)).withMeterRegistry(meterRegistry);
        if (pluginsDir != null && !pluginsDir.isBlank()) {
            options = options.withPluginsDir(Path.of(pluginsDir));
        }
        return withReloadChecks(RecEngine.start(options));
    }

    /** A reload refuses what start-up refuses, the protocol layer's own {@code EngineConf} keys included. */
    private static RecEngine withReloadChecks(RecEngine engine) {
        engine.addReloadCheck(config -> RequestLimits.check(config.engineConf()));
        return engine;
    }
}
