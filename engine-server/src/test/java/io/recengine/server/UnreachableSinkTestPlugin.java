package io.recengine.server;

import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;

import java.net.ConnectException;
import java.util.List;

/**
 * Test plugin on the test class path: callback sink type {@code TestUnreachable}, whose remote is never
 * reachable (its factory fails as the DataHub one does on a refused connection). Only configs that name
 * the type use it ({@link HealthServerTest}).
 */
public final class UnreachableSinkTestPlugin implements Plugin {

    @Override
    public String name() {
        return "test-unreachable";
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new CallbackSinkFactory() {
            @Override
            public String type() {
                return "TestUnreachable";
            }

            @Override
            public CallbackSink create(ComponentConfig config, PluginContext context) {
                throw new ConfigException(config.component(), "Endpoint", "cannot reach http://10.0.0.1:1",
                        new ConnectException("Connection refused"));
            }
        });
    }
}
