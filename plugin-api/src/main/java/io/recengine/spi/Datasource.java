package io.recengine.spi;

/**
 * A named shared resource (a connection pool, a client) built once from an entry of a top-level map
 * such as {@code HologresConfs} and handed to components through
 * {@link PluginContext#datasource(String, String, Class)}. Thread-safe; closed after every component
 * that uses it.
 */
public interface Datasource extends AutoCloseable {

    /**
     * Whether the remote behind this datasource answered the last time it was tried (false while it is
     * unreachable). Cheap and non-blocking: the engine reads it for {@code /health} and the
     * {@code recengine_dependency_up} gauge, never on the request path. The default, for datasources
     * without a remote, is always true.
     */
    default boolean available() {
        return true;
    }

    @Override
    default void close() {
    }
}
