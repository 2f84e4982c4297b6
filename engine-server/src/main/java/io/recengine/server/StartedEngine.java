package io.recengine.server;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.recengine.core.RecEngine;

import java.util.Objects;

/**
 * An engine started by {@link Application} before the application context, handed to the context as a
 * singleton. {@link EngineFactory} publishes it as the {@link RecEngine} bean.
 *
 * @param engine the running engine
 * @param meters the registry the engine was started with; Micronaut's registry is added to it
 */
record StartedEngine(RecEngine engine, CompositeMeterRegistry meters) {

    StartedEngine {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(meters, "meters");
    }
}
