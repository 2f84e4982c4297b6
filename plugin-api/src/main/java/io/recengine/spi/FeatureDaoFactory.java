package io.recengine.spi;

/** Builds {@link FeatureDao}s; {@link #type()} matches FeatureDaoConf.AdapterType. */
public interface FeatureDaoFactory extends ComponentFactory<FeatureDao> {
}
