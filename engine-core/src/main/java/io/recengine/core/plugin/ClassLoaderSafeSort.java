package io.recengine.core.plugin;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Sort} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin sort.
 */
public final class ClassLoaderSafeSort implements Sort {

    private final Sort delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeSort(Sort delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            return delegate.sort(context, user, items);
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated. */
    public Sort unwrap() {
        return delegate;
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
