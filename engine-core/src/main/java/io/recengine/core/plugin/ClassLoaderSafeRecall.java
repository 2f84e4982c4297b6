package io.recengine.core.plugin;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;

import java.util.List;

/**
 * A {@link Recall} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin recall.
 */
public final class ClassLoaderSafeRecall extends ClassLoaderSafeComponent<Recall> implements Recall {

    public ClassLoaderSafeRecall(Recall delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.recall(context, user);
        }
    }

    /** No class-loader swap: a constant of the component. */
    @Override
    public boolean inProcess() {
        return delegate.inProcess();
    }
}
