package io.recengine.core.plugin;

import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;

/**
 * A {@link Filter} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin filter.
 */
public final class ClassLoaderSafeFilter extends ClassLoaderSafeComponent<Filter> implements Filter {

    public ClassLoaderSafeFilter(Filter delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.filter(context, user, items);
        }
    }

    @Override
    public boolean hasAfterResponse() {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.hasAfterResponse();
        }
    }

    @Override
    public void afterResponse(RecContext context, User user, List<Item> items) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.afterResponse(context, user, items);
        }
    }
}
