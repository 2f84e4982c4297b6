package io.recengine.core.plugin;

import io.recengine.spi.RecallCache;

import java.time.Duration;

/** A {@link RecallCache} that runs every call with the plugin's class loader as thread context class loader. */
public final class ClassLoaderSafeRecallCache extends ClassLoaderSafeComponent<RecallCache> implements RecallCache {

    public ClassLoaderSafeRecallCache(RecallCache delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public String get(String key) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.get(key);
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.put(key, value, ttl);
        }
    }

    @Override
    public boolean inProcess() {
        return delegate.inProcess();
    }
}
