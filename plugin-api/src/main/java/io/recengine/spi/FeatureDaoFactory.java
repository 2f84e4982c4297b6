package io.recengine.spi;

/** Builds {@link FeatureDao}s; {@link #type()} matches FeatureDaoConf.AdapterType. */
public interface FeatureDaoFactory extends ComponentFactory<FeatureDao> {

    /** A factory of {@code type} (the {@code AdapterType}) whose {@code create} is {@code constructor}. */
    static FeatureDaoFactory of(String type, Constructor<? extends FeatureDao> constructor) {
        return new DeclaredFactory.OfFeatureDao(type, constructor, Checker.NONE);
    }
}
