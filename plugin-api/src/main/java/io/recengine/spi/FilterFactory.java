package io.recengine.spi;

import java.util.Set;

/** Builds {@link Filter}s; {@link #type()} matches FilterConfs[].FilterType. */
public interface FilterFactory extends ComponentFactory<Filter> {

    /**
     * A factory of {@code type} whose {@code create} is {@code constructor}; {@code adapterTypes} as in
     * {@link #adapterTypes()} (empty: it serves every config of its type).
     */
    static FilterFactory of(String type, Set<String> adapterTypes, Constructor<? extends Filter> constructor) {
        return of(type, adapterTypes, constructor, Checker.NONE);
    }

    /** As {@link #of(String, Set, Constructor)}, with {@code check} finding what the constructor refuses. */
    static FilterFactory of(String type, Set<String> adapterTypes, Constructor<? extends Filter> constructor,
                            Checker check) {
        return new DeclaredFactory.OfFilter(type, adapterTypes, constructor, check);
    }
}
