package io.recengine.spi;

/** Builds {@link Ranker}s; {@link #type()} matches AlgoConfs[] (EasConf.Processor for Type EAS, else Type). */
public interface RankerFactory extends ComponentFactory<Ranker> {
}
