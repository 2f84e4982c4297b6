package io.recengine.spi;

/** Builds {@link Datasource}s; {@link #type()} matches a top-level datasource map key such as HologresConfs. */
public interface DatasourceFactory extends ComponentFactory<Datasource> {
}
