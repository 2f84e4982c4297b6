package io.recengine.spi;

import java.util.Set;

/** Builds {@link Recall}s; {@link #type()} matches RecallConfs[].RecallType. */
public interface RecallFactory extends ComponentFactory<Recall> {

    /**
     * A factory of {@code type} whose {@code create} is {@code constructor}; {@code adapterTypes} as in
     * {@link #adapterTypes()} (empty: it serves every config of its type).
     */
    static RecallFactory of(String type, Set<String> adapterTypes, Constructor<? extends Recall> constructor) {
        return of(type, adapterTypes, constructor, Checker.NONE);
    }

    /** As {@link #of(String, Set, Constructor)}, with {@code check} finding what the constructor refuses. */
    static RecallFactory of(String type, Set<String> adapterTypes, Constructor<? extends Recall> constructor,
                            Checker check) {
        return new DeclaredFactory.OfRecall(type, adapterTypes, constructor, check);
    }
}
