package io.recengine.spi;

/**
 * A named shared resource (a connection pool, a client) built once from an entry of a top-level map
 * such as {@code HologresConfs} and handed to components through
 * {@link PluginContext#datasource(String, String, Class)}. Thread-safe; closed after every component
 * that uses it.
 */
public interface Datasource extends AutoCloseable {

    @Override
    default void close() {
    }
}
