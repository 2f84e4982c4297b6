package io.recengine.core.plugin;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;

import java.util.List;
import java.util.Objects;

/**
 * A {@link CallbackSink} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin callback sink.
 */
public final class ClassLoaderSafeCallbackSink implements CallbackSink {

    private final CallbackSink delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeCallbackSink(CallbackSink delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public void write(List<CallbackRow> rows) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.write(rows);
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated. */
    public CallbackSink unwrap() {
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
