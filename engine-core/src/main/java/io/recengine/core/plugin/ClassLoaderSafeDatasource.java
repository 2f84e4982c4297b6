package io.recengine.core.plugin;

import io.recengine.spi.Datasource;

/**
 * A {@link Datasource} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories.
 *
 * <p>The engine keeps this decorator to close the datasource, but
 * {@link io.recengine.spi.PluginContext#datasource(String, String, Class)} must hand components the
 * {@link #unwrap() original} object: a plugin casts it to its own class (for example
 * {@code HologresSource}), which the decorator is not.
 */
public final class ClassLoaderSafeDatasource extends ClassLoaderSafeComponent<Datasource> implements Datasource {

    public ClassLoaderSafeDatasource(Datasource delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public boolean available() {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.available();
        }
    }

    /** {@code datasource} undecorated when it is a {@link ClassLoaderSafeDatasource}, else as is. */
    public static Datasource original(Datasource datasource) {
        return datasource instanceof ClassLoaderSafeDatasource safe ? safe.unwrap() : datasource;
    }
}
