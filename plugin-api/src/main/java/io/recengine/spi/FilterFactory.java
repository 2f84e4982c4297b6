package io.recengine.spi;

/** Builds {@link Filter}s; {@link #type()} matches FilterConfs[].FilterType. */
public interface FilterFactory extends ComponentFactory<Filter> {
}
