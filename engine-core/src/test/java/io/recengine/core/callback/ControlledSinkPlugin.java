package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test plugin: callback sink type {@code controlled}, whose outage and speed the test switches, recording
 * every row it accepted. Registered through a test class loader (see {@link CallbackDeliveryTest}).
 */
public final class ControlledSinkPlugin implements Plugin {

    static volatile boolean down;
    static volatile long delayMs;
    static final List<CallbackRow> ROWS = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong FAILED_CALLS = new AtomicLong();

    static void reset() {
        down = false;
        delayMs = 0;
        ROWS.clear();
        FAILED_CALLS.set(0);
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new CallbackSinkFactory() {
            @Override
            public String type() {
                return "controlled";
            }

            @Override
            public CallbackSink create(ComponentConfig config, PluginContext context) {
                return rows -> {
                    if (delayMs > 0) {
                        try {
                            Thread.sleep(delayMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new ComponentException("controlled", ComponentException.Kind.DEPENDENCY, "interrupted");
                        }
                    }
                    if (down) {
                        FAILED_CALLS.incrementAndGet();
                        throw new ComponentException("controlled", ComponentException.Kind.DEPENDENCY, "sink down");
                    }
                    ROWS.addAll(rows);
                };
            }
        });
    }
}
