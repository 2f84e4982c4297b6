package io.recengine.core.plugin;

/** The kinds of pluggable component, with the config key whose value selects a factory. */
public enum ComponentKind {
    RECALL("recall", "RecallType"),
    FILTER("filter", "FilterType"),
    SORT("sort", "SortType"),
    FEATURE_DAO("feature DAO", "AdapterType"),
    RANKER("ranker", "Processor/Type"),
    CALLBACK_SINK("callback sink", "DataSource.Type"),
    DATASOURCE("datasource", "datasource map"),
    UPDATE_LOG("update log", "MatchEngineConf.Replication"),
    RECALL_CACHE("recall cache", "CacheAdapter");

    private final String label;
    private final String typeKey;

    ComponentKind(String label, String typeKey) {
        this.label = label;
        this.typeKey = typeKey;
    }

    /** How messages name the kind, e.g. {@code recall}. */
    public String label() {
        return label;
    }

    /** The config key users write the type under, e.g. {@code RecallType}. */
    public String typeKey() {
        return typeKey;
    }
}
