package io.recengine.core.plugin;

import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallCache;
import io.recengine.spi.RecallCacheFactory;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.replication.UpdateLog;
import io.recengine.spi.replication.UpdateLogFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plugin factory decorated by the engine: {@link #type()}, {@link #create}, {@link #check} and
 * {@link #secretKeys()} run with the plugin's class loader as thread context class loader, and every
 * product comes back wrapped in its {@code ClassLoaderSafe*} decorator. The registry only hands out
 * factories of this class (one subclass per kind, so they still implement {@link RecallFactory} etc.).
 *
 * @param <T> the product
 */
public abstract class ClassLoaderSafeFactory<T extends AutoCloseable> implements ComponentFactory<T> {

    private final ComponentFactory<T> delegate;
    private final ClassLoader classLoader;

    private ClassLoaderSafeFactory(ComponentFactory<T> delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    /** Decorates {@code factory}, a factory of {@code kind}, with {@code classLoader}. */
    static ClassLoaderSafeFactory<?> of(ComponentKind kind, ComponentFactory<?> factory, ClassLoader classLoader) {
        return switch (kind) {
            case RECALL -> new SafeRecallFactory((RecallFactory) factory, classLoader);
            case FILTER -> new SafeFilterFactory((FilterFactory) factory, classLoader);
            case SORT -> new SafeSortFactory((SortFactory) factory, classLoader);
            case FEATURE_DAO -> new SafeFeatureDaoFactory((FeatureDaoFactory) factory, classLoader);
            case RANKER -> new SafeRankerFactory((RankerFactory) factory, classLoader);
            case CALLBACK_SINK -> new SafeCallbackSinkFactory((CallbackSinkFactory) factory, classLoader);
            case DATASOURCE -> new SafeDatasourceFactory((DatasourceFactory) factory, classLoader);
            case UPDATE_LOG -> new SafeUpdateLogFactory((UpdateLogFactory) factory, classLoader);
            case RECALL_CACHE -> new SafeRecallCacheFactory((RecallCacheFactory) factory, classLoader);
        };
    }

    /** Wraps a product of the plugin. */
    abstract T decorate(T product, ClassLoader classLoader);

    @Override
    public String type() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            return delegate.type();
        }
    }

    /** Creates the product with the plugin's TCCL and returns it decorated. */
    @Override
    public T create(ComponentConfig config, PluginContext context) {
        T product;
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            product = delegate.create(config, context);
        }
        if (product == null) {
            throw new ConfigException(config.component(), "",
                    "factory " + delegate.getClass().getName() + " of type '" + type() + "' returned null");
        }
        return decorate(product, classLoader);
    }

    @Override
    public List<ConfigException> check(ComponentConfig config) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            List<ConfigException> problems = delegate.check(config);
            return problems == null ? List.of() : problems;
        }
    }

    @Override
    public Set<String> secretKeys() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            Set<String> keys = delegate.secretKeys();
            return keys == null ? Set.of() : keys;
        }
    }

    @Override
    public Set<String> adapterTypes() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            Set<String> adapters = delegate.adapterTypes();
            return adapters == null ? Set.of() : Set.copyOf(adapters);
        }
    }

    /** The plugin's own factory, undecorated. */
    public ComponentFactory<T> unwrap() {
        return delegate;
    }

    /** The class loader set around calls: the plugin folder's loader, or the plugin class's own loader. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    private static final class SafeRecallFactory extends ClassLoaderSafeFactory<Recall> implements RecallFactory {
        SafeRecallFactory(RecallFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        Recall decorate(Recall product, ClassLoader classLoader) {
            return new ClassLoaderSafeRecall(product, classLoader);
        }
    }

    private static final class SafeFilterFactory extends ClassLoaderSafeFactory<Filter> implements FilterFactory {
        SafeFilterFactory(FilterFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        Filter decorate(Filter product, ClassLoader classLoader) {
            return new ClassLoaderSafeFilter(product, classLoader);
        }
    }

    private static final class SafeSortFactory extends ClassLoaderSafeFactory<Sort> implements SortFactory {
        SafeSortFactory(SortFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        Sort decorate(Sort product, ClassLoader classLoader) {
            return new ClassLoaderSafeSort(product, classLoader);
        }
    }

    private static final class SafeFeatureDaoFactory extends ClassLoaderSafeFactory<FeatureDao>
            implements FeatureDaoFactory {
        SafeFeatureDaoFactory(FeatureDaoFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        FeatureDao decorate(FeatureDao product, ClassLoader classLoader) {
            return new ClassLoaderSafeFeatureDao(product, classLoader);
        }
    }

    private static final class SafeRankerFactory extends ClassLoaderSafeFactory<Ranker> implements RankerFactory {
        SafeRankerFactory(RankerFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        Ranker decorate(Ranker product, ClassLoader classLoader) {
            return new ClassLoaderSafeRanker(product, classLoader);
        }
    }

    private static final class SafeCallbackSinkFactory extends ClassLoaderSafeFactory<CallbackSink>
            implements CallbackSinkFactory {
        SafeCallbackSinkFactory(CallbackSinkFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        CallbackSink decorate(CallbackSink product, ClassLoader classLoader) {
            return new ClassLoaderSafeCallbackSink(product, classLoader);
        }
    }

    private static final class SafeDatasourceFactory extends ClassLoaderSafeFactory<Datasource>
            implements DatasourceFactory {
        SafeDatasourceFactory(DatasourceFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        Datasource decorate(Datasource product, ClassLoader classLoader) {
            return new ClassLoaderSafeDatasource(product, classLoader);
        }
    }

    private static final class SafeUpdateLogFactory extends ClassLoaderSafeFactory<UpdateLog>
            implements UpdateLogFactory {
        SafeUpdateLogFactory(UpdateLogFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        UpdateLog decorate(UpdateLog product, ClassLoader classLoader) {
            return new ClassLoaderSafeUpdateLog(product, classLoader);
        }
    }

    private static final class SafeRecallCacheFactory extends ClassLoaderSafeFactory<RecallCache>
            implements RecallCacheFactory {
        SafeRecallCacheFactory(RecallCacheFactory delegate, ClassLoader classLoader) {
            super(delegate, classLoader);
        }

        @Override
        RecallCache decorate(RecallCache product, ClassLoader classLoader) {
            return new ClassLoaderSafeRecallCache(product, classLoader);
        }
    }
}
