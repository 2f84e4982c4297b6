package io.recengine.core.rank;

import io.recengine.spi.Plugin;

/** The engine's built-in rankers. (Placeholder until the embedded ranker lands.) */
public final class RankerPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-rankers";
    }
}
