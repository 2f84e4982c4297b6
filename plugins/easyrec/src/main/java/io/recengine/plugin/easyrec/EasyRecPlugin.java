package io.recengine.plugin.easyrec;

import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;

import java.util.List;

/** EasyRec ranker plugin: PBRequest/PBResponse over EAS ({@code EasConf.Processor = "EasyRec"}). */
public final class EasyRecPlugin implements Plugin {

    @Override
    public String name() {
        return "easyrec";
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new EasyRecRanker.Factory());
    }
}
