package io.recengine.spi;

import java.util.List;

/**
 * The {@link java.util.ServiceLoader} entry point of a plugin: a bag of factories, no lifecycle.
 *
 * <p>Implementations need a public no-argument constructor and are listed in
 * {@code META-INF/services/io.recengine.spi.Plugin}. Every method is called once, at engine start, on
 * one thread, with the plugin's class loader as thread context class loader; the returned lists are
 * copied, so they may be mutable. Factories must be stateless or thread-safe.
 */
public interface Plugin {

    /** A short name for logs and the health endpoint; defaults to the class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Factories for {@code RecallConfs[].RecallType}. */
    default List<RecallFactory> recallFactories() {
        return List.of();
    }

    /** Factories for {@code FilterConfs[].FilterType}. */
    default List<FilterFactory> filterFactories() {
        return List.of();
    }

    /** Factories for {@code SortConfs[].SortType}. */
    default List<SortFactory> sortFactories() {
        return List.of();
    }

    /** Factories for {@code FeatureDaoConf.AdapterType}. */
    default List<FeatureDaoFactory> featureDaoFactories() {
        return List.of();
    }

    /** Factories for {@code AlgoConfs[]}: matched on {@code EasConf.Processor} when {@code Type} is EAS, else on {@code Type}. */
    default List<RankerFactory> rankerFactories() {
        return List.of();
    }

    /** Factories for {@code CallBackConfs[].DataSource.Type}. */
    default List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of();
    }

    /** Factories for the named shared datasources of a top-level map such as {@code HologresConfs}. */
    default List<DatasourceFactory> datasourceFactories() {
        return List.of();
    }

    /** Factories for the replicated update log of the match engine ({@code MatchEngineConf.Replication}). */
    default List<io.recengine.spi.replication.UpdateLogFactory> updateLogFactories() {
        return List.of();
    }

    /** Factories for {@code RecallConfs[].CacheAdapter}, the recall result cache. */
    default List<RecallCacheFactory> recallCacheFactories() {
        return List.of();
    }
}
