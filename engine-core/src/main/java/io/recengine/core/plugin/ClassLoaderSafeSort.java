package io.recengine.core.plugin;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.List;

/**
 * A {@link Sort} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin sort.
 */
public final class ClassLoaderSafeSort extends ClassLoaderSafeComponent<Sort> implements Sort {

    public ClassLoaderSafeSort(Sort delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.sort(context, user, items);
        }
    }
}
