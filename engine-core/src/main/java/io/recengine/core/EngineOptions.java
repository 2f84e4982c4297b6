package io.recengine.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to start an engine.
 *
 * @param configPath    the PAI-Rec JSON config file
 * @param pluginsDir    the third-party plugins directory (one subfolder per plugin); null or missing = none
 * @param meterRegistry where metrics go (engine-server passes its Prometheus registry)
 * @param clock         the engine clock
 */
public record EngineOptions(Path configPath, Path pluginsDir, MeterRegistry meterRegistry, Clock clock) {

    public EngineOptions {
        Objects.requireNonNull(configPath, "configPath");
        meterRegistry = meterRegistry == null ? new SimpleMeterRegistry() : meterRegistry;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static EngineOptions of(Path configPath) {
        return new EngineOptions(configPath, null, null, null);
    }

    public EngineOptions withPluginsDir(Path dir) {
        return new EngineOptions(configPath, dir, meterRegistry, clock);
    }

    public EngineOptions withMeterRegistry(MeterRegistry registry) {
        return new EngineOptions(configPath, pluginsDir, registry, clock);
    }
}
