package io.recengine.core.rank;

import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;

import java.util.List;

/** The engine's built-in rankers: the embedded {@code Local} model (LR, FM, MLP). */
public final class RankerPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-rankers";
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new LocalRanker.Factory());
    }
}
