package io.recengine.core.plugin;

import io.recengine.spi.Datasource;

import java.util.Objects;

/**
 * A {@link Datasource} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories.
 *
 * <p>The engine keeps this decorator to close the datasource, but
 * {@link io.recengine.spi.PluginContext#datasource(String, String, Class)} must hand components the
 * {@link #unwrap() original} object: a plugin casts it to its own class (for example
 * {@code HologresSource}), which the decorator is not.
 */
public final class ClassLoaderSafeDatasource implements Datasource {

    private final Datasource delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeDatasource(Datasource delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated: what {@code PluginContext.datasource(...)} returns. */
    public Datasource unwrap() {
        return delegate;
    }

    /** {@code datasource} undecorated when it is a {@link ClassLoaderSafeDatasource}, else as is. */
    public static Datasource original(Datasource datasource) {
        return datasource instanceof ClassLoaderSafeDatasource safe ? safe.unwrap() : datasource;
    }

    /** The class loader set around calls. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
