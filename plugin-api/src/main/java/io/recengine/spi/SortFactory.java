package io.recengine.spi;

/** Builds {@link Sort}s; {@link #type()} matches SortConfs[].SortType. */
public interface SortFactory extends ComponentFactory<Sort> {
}
