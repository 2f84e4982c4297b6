package io.recengine.core.callback;

import io.recengine.core.api.ApiResponse;
import io.recengine.core.api.ResponseWriter;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.ComponentCatalog;
import io.recengine.core.pipeline.Stages;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * {@code POST /api/callback} and the automatic callback after a feed request. (Placeholder until the
 * callback work lands.)
 */
public final class CallbackService implements AutoCloseable {

    private CallbackService() {
    }

    public static CallbackService build(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics,
                                        ExecutorService pluginPool, Clock clock) {
        return new CallbackService();
    }

    /** {@code POST /api/callback}: the body as received. Never throws. */
    public ApiResponse handle(byte[] body) {
        return new ApiResponse(200, 400, ResponseWriter.envelope(400, "callback not implemented yet", ""));
    }

    /** The feed's after-response hook (automatic callback), or null when no scene needs one. */
    public Stages.AfterResponse autoInvoke() {
        return null;
    }

    /** Drains the queue and closes the sinks. */
    @Override
    public void close() {
    }
}
