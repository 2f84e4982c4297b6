package io.recengine.core.plugin;

import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;
import java.util.Objects;

/**
 * A {@link FeatureDao} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin feature DAO.
 */
public final class ClassLoaderSafeFeatureDao implements FeatureDao {

    private final FeatureDao delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeFeatureDao(FeatureDao delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public void loadUserFeatures(RecContext context, User user) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.loadUserFeatures(context, user);
        }
    }

    @Override
    public void loadItemFeatures(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.loadItemFeatures(context, user, items);
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated. */
    public FeatureDao unwrap() {
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
