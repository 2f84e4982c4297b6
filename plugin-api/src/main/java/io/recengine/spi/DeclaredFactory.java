package io.recengine.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A factory declared by its parts (type, stores, constructor, check) rather than written out as a class:
 * what {@link RecallFactory#of}, {@link FilterFactory#of}, {@link SortFactory#of} and
 * {@link FeatureDaoFactory#of} return. Most plugins' factories differ only in these parts.
 */
abstract class DeclaredFactory<T extends AutoCloseable> implements ComponentFactory<T> {

    private final String type;
    private final Set<String> adapterTypes;
    private final ComponentFactory.Constructor<? extends T> constructor;
    private final ComponentFactory.Checker checker;

    DeclaredFactory(String type, Set<String> adapterTypes, ComponentFactory.Constructor<? extends T> constructor,
                    ComponentFactory.Checker checker) {
        this.type = Objects.requireNonNull(type, "type");
        this.adapterTypes = Set.copyOf(adapterTypes);
        this.constructor = Objects.requireNonNull(constructor, "constructor");
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<String> adapterTypes() {
        return adapterTypes;
    }

    @Override
    public final T create(ComponentConfig config, PluginContext context) {
        return constructor.create(config, context);
    }

    @Override
    public final List<ConfigException> check(ComponentConfig config) {
        return checker.check(config);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + type + (adapterTypes.isEmpty() ? "" : " " + adapterTypes) + "]";
    }

    static final class OfRecall extends DeclaredFactory<Recall> implements RecallFactory {
        OfRecall(String type, Set<String> adapters, Constructor<? extends Recall> ctor, Checker check) {
            super(type, adapters, ctor, check);
        }
    }

    static final class OfFilter extends DeclaredFactory<Filter> implements FilterFactory {
        OfFilter(String type, Set<String> adapters, Constructor<? extends Filter> ctor, Checker check) {
            super(type, adapters, ctor, check);
        }
    }

    static final class OfSort extends DeclaredFactory<Sort> implements SortFactory {
        OfSort(String type, Constructor<? extends Sort> ctor, Checker check) {
            super(type, Set.of(), ctor, check);
        }
    }

    static final class OfFeatureDao extends DeclaredFactory<FeatureDao> implements FeatureDaoFactory {
        OfFeatureDao(String type, Constructor<? extends FeatureDao> ctor, Checker check) {
            super(type, Set.of(), ctor, check);
        }
    }
}
