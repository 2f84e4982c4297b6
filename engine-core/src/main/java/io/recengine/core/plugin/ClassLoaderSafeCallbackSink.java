package io.recengine.core.plugin;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;

import java.util.List;

/**
 * A {@link CallbackSink} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin callback sink.
 */
public final class ClassLoaderSafeCallbackSink extends ClassLoaderSafeComponent<CallbackSink> implements CallbackSink {

    public ClassLoaderSafeCallbackSink(CallbackSink delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public void write(List<CallbackRow> rows) {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.write(rows);
        }
    }
}
