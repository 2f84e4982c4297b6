package io.recengine.core.plugin;

/**
 * A plugin could not be loaded: a broken plugin folder, a provider that fails to instantiate, a bad or
 * duplicate component type. Thrown at start-up by {@link PluginRegistry#load}; the message names the
 * plugin or folder, the jars it holds, and a hint.
 */
public final class PluginLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
