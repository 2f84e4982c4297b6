package io.recengine.spi;

/** Builds {@link Sort}s; {@link #type()} matches SortConfs[].SortType. */
public interface SortFactory extends ComponentFactory<Sort> {

    /** A factory of {@code type} whose {@code create} is {@code constructor} and {@code check} is {@code check}. */
    static SortFactory of(String type, Constructor<? extends Sort> constructor, Checker check) {
        return new DeclaredFactory.OfSort(type, constructor, check);
    }
}
