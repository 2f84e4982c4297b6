package io.recengine.core.callback;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.Plugin;

import java.util.List;

/** The engine's built-in callback sinks: {@code file}. */
public final class CallbackPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-callback";
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new FileCallbackSink.Factory());
    }
}
