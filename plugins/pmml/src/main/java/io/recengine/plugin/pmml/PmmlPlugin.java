package io.recengine.plugin.pmml;

import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;

import java.util.List;

/** PMML models: evaluated in process ({@code Type "PMML"}) or on EAS ({@code EasConf.Processor "PMML"}). */
public final class PmmlPlugin implements Plugin {

    @Override
    public String name() {
        return "pmml";
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new PmmlRankerFactory());
    }
}
