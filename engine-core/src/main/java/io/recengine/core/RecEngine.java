package io.recengine.core;

import io.recengine.core.api.ApiResponse;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ConfigException;

import java.util.List;
import java.util.Map;

/**
 * The engine: config, plugins, components and scene pipelines, behind the HTTP API's operations.
 * engine-server only parses HTTP and writes what these methods return. Thread-safe.
 */
public final class RecEngine implements AutoCloseable {

    /**
     * Loads the config and the plugins, validates everything (all problems at once) and builds the
     * components.
     *
     * @throws ConfigValidationException when the config has problems
     */
    public static RecEngine start(EngineOptions options) {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * Validates a config against the plugins without building components (no connections): what
     * {@code validate --config FILE} prints. Empty when the config is fine; unreadable JSON is one problem.
     */
    public static List<ConfigException> validate(EngineOptions options) {
        throw new UnsupportedOperationException("being written");
    }

    /** {@code POST /api/rec/feed}: the body as received (already decompressed). Never throws. */
    public ApiResponse feed(byte[] body) {
        throw new UnsupportedOperationException("being written");
    }

    /** {@code POST /api/recall}: recall only. Never throws. */
    public ApiResponse recall(byte[] body) {
        throw new UnsupportedOperationException("being written");
    }

    /** The loaded plugins. */
    public PluginRegistry plugins() {
        throw new UnsupportedOperationException("being written");
    }

    /** {@code ListenConf.HttpPort}, 8000 when absent or 0. */
    public int httpPort() {
        throw new UnsupportedOperationException("being written");
    }

    /** {@code ListenConf.HttpAddr}, {@code ""} (all interfaces) when absent. */
    public String httpAddr() {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * What the health endpoint shows: loaded plugins with their component types, the configured scenes
     * and the built components by kind. JSON-shaped (maps, lists, strings).
     */
    public Map<String, Object> describe() {
        throw new UnsupportedOperationException("being written");
    }

    /** Stops background work, drains after-response tasks, closes components, then plugins. */
    @Override
    public void close() {
    }
}
