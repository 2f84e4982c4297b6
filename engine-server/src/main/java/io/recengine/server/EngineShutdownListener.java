package io.recengine.server;

import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import io.recengine.core.RecEngine;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the engine's shutdown (the context stopping, e.g. on SIGTERM); the factory's preDestroy closes it. */
@Singleton
final class EngineShutdownListener implements BeanPreDestroyEventListener<RecEngine> {

    private static final Logger LOG = LoggerFactory.getLogger(EngineShutdownListener.class);

    @Override
    public RecEngine onPreDestroy(BeanPreDestroyEvent<RecEngine> event) {
        LOG.info("Stopping RecEngine: draining after-response tasks, closing components and plugins");
        return event.getBean();
    }
}
