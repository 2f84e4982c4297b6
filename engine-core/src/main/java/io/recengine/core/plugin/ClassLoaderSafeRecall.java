package io.recengine.core.plugin;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Recall} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin recall.
 */
public final class ClassLoaderSafeRecall implements Recall {

    private final Recall delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeRecall(Recall delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            return delegate.recall(context, user);
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated. */
    public Recall unwrap() {
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
