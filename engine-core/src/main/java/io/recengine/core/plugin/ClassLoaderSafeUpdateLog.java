package io.recengine.core.plugin;

import io.recengine.spi.replication.UpdateLog;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link UpdateLog} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories. The listener is called on the log's own
 * thread, which the plugin starts (and gives its loader).
 */
public final class ClassLoaderSafeUpdateLog extends ClassLoaderSafeComponent<UpdateLog> implements UpdateLog {

    public ClassLoaderSafeUpdateLog(UpdateLog delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public CompletableFuture<Position> append(String key, byte[] value) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.append(key, value);
        }
    }

    @Override
    public void subscribe(Map<Integer, Long> from, Listener listener) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.subscribe(from, listener);
        }
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.endOffsets();
        }
    }

    @Override
    public boolean available() {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.available();
        }
    }

    @Override
    public String describe() {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.describe();
        }
    }

    @Override
    public void close() {
        super.close();
    }
}
