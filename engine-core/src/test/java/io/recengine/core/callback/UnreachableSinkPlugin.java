package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test plugin: callback sink type {@code unreachable}, whose factory fails like a real one when its remote
 * is down (a {@link ConfigException} wrapping a {@link ConnectException}, as the DataHub factory does) or
 * when its config is wrong ({@link #configError}). Registered through a test class loader (see
 * {@link SinkDownAtStartTest}).
 */
public final class UnreachableSinkPlugin implements Plugin {

    static volatile boolean reachable;
    static volatile boolean configError;
    static final AtomicInteger CREATE_CALLS = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    /** Rows accepted; its monitor is notified on every accepted write. */
    static final List<CallbackRow> ROWS = Collections.synchronizedList(new ArrayList<>());

    static void reset() {
        reachable = false;
        configError = false;
        CREATE_CALLS.set(0);
        CLOSED.set(0);
        ROWS.clear();
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new CallbackSinkFactory() {
            @Override
            public String type() {
                return "unreachable";
            }

            @Override
            public CallbackSink create(ComponentConfig config, PluginContext context) {
                CREATE_CALLS.incrementAndGet();
                if (configError) {
                    throw new ConfigException(config.component(), "Schemas", "unknown field type 'strnig'");
                }
                if (!reachable) {
                    throw new ConfigException(config.component(), "Endpoint", "cannot use topic p/t at http://127.0.0.1:1",
                            new ComponentException("unreachable", ComponentException.Kind.INTERNAL, "request failed",
                                    new ConnectException("Connection refused")));
                }
                return new CallbackSink() {
                    @Override
                    public void write(List<CallbackRow> rows) {
                        synchronized (ROWS) {
                            ROWS.addAll(rows);
                            ROWS.notifyAll();
                        }
                    }

                    @Override
                    public void close() {
                        CLOSED.incrementAndGet();
                    }
                };
            }
        });
    }
}
