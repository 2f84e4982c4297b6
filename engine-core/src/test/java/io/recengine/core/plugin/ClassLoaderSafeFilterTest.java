package io.recengine.core.plugin;

import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ClassLoaderSafeFilterTest {

    private final ClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());

    @Test
    void forwardsWhetherTheFilterHasAfterResponseWorkUnderThePluginsClassLoader() {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        Filter writes = new Filter() {
            @Override
            public FilterResult filter(RecContext context, User user, List<Item> items) {
                return FilterResult.keepAll(items);
            }

            @Override
            public boolean hasAfterResponse() {
                seen.set(Thread.currentThread().getContextClassLoader());
                return true;
            }
        };
        Filter plain = (ctx, user, items) -> FilterResult.keepAll(items);

        assertThat(new ClassLoaderSafeFilter(writes, pluginLoader).hasAfterResponse()).isTrue();
        assertThat(seen.get()).isSameAs(pluginLoader);
        assertThat(new ClassLoaderSafeFilter(plain, pluginLoader).hasAfterResponse()).isFalse();
    }
}
