package io.recengine.core.plugin;

import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;

/**
 * A {@link FeatureDao} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin feature DAO.
 */
public final class ClassLoaderSafeFeatureDao extends ClassLoaderSafeComponent<FeatureDao> implements FeatureDao {

    public ClassLoaderSafeFeatureDao(FeatureDao delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public void loadUserFeatures(RecContext context, User user) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.loadUserFeatures(context, user);
        }
    }

    @Override
    public void loadItemFeatures(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.loadItemFeatures(context, user, items);
        }
    }

    /** No class-loader swap: a constant of the component. */
    @Override
    public boolean inProcess() {
        return delegate.inProcess();
    }
}
