package io.recengine.core.callback;

import io.recengine.spi.Plugin;

/** The engine's built-in callback sinks. (Placeholder until the callback work lands.) */
public final class CallbackPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-callback";
    }
}
