package io.recengine.core.plugin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One recall or filter type served by several plugins, each for its own stores
 * ({@link ComponentFactory#adapterTypes()}): hands each config to the factory of the config's
 * {@code AdapterType}, as PAI-Rec picks a DAO by it. Immutable once the registry is loaded.
 *
 * @param <T> the product
 */
abstract class AdapterDispatchFactory<T extends AutoCloseable> implements ComponentFactory<T> {

    private static final String DAO_CONF = "DaoConf";

    private final ComponentKind kind;
    private final String type;
    /** Adapter (exact case, as PAI-Rec compares it) to the factory serving it. */
    private final Map<String, ComponentFactory<T>> byAdapter = new TreeMap<>();

    AdapterDispatchFactory(ComponentKind kind, String type) {
        this.kind = kind;
        this.type = type;
    }

    /** A dispatcher of {@code kind}, or null when the kind cannot be shared (only recalls and filters). */
    static AdapterDispatchFactory<?> of(ComponentKind kind, String type) {
        return switch (kind) {
            case RECALL -> new Recalls(type);
            case FILTER -> new Filters(type);
            default -> null;
        };
    }

    /** Adds a factory; returns the adapters it declares that another factory already serves. */
    @SuppressWarnings("unchecked")
    Set<String> add(ComponentFactory<?> factory) {
        Set<String> clash = new LinkedHashSet<>();
        for (String adapter : factory.adapterTypes()) {
            if (byAdapter.putIfAbsent(adapter, (ComponentFactory<T>) factory) != null) {
                clash.add(adapter);
            }
        }
        return clash;
    }

    /**
     * The adapter a config asks for: the first non-empty {@code AdapterType} of the object, of its specific
     * {@code *DaoConf} blocks in the order written, then of {@code DaoConf}; {@code ""} when none.
     */
    static String adapterOf(ComponentConfig config) {
        String own = config.raw("AdapterType") instanceof String s ? s : "";
        if (!own.isEmpty()) {
            return own;
        }
        for (String key : config.keys()) {
            if (key.length() > DAO_CONF.length() && key.regionMatches(true, key.length() - DAO_CONF.length(), DAO_CONF, 0,
                    DAO_CONF.length()) && config.raw(key) instanceof Map<?, ?> block
                    && block.get("AdapterType") instanceof String s && !s.isEmpty()) {
                return s;
            }
        }
        return config.raw(DAO_CONF) instanceof Map<?, ?> dao && dao.get("AdapterType") instanceof String s ? s : "";
    }

    private ComponentFactory<T> pick(ComponentConfig config) {
        String adapter = adapterOf(config);
        ComponentFactory<T> f = byAdapter.get(adapter);
        if (f == null) {
            throw new ConfigException(config.component(), "DaoConf.AdapterType",
                    (adapter.isEmpty() ? "is required" : "unknown adapter '" + adapter + "'") + " for "
                            + kind.typeKey() + " '" + type + "'. Known: " + byAdapter.keySet());
        }
        return f;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public T create(ComponentConfig config, PluginContext context) {
        return pick(config).create(config, context);
    }

    @Override
    public List<ConfigException> check(ComponentConfig config) {
        ComponentFactory<T> f;
        try {
            f = pick(config);
        } catch (ConfigException e) {
            return List.of(e);
        }
        return f.check(config);
    }

    @Override
    public Set<String> adapterTypes() {
        return Set.copyOf(byAdapter.keySet());
    }

    @Override
    public Set<String> secretKeys() {
        Set<String> keys = new LinkedHashSet<>();
        byAdapter.values().forEach(f -> keys.addAll(f.secretKeys()));
        return keys;
    }

    @Override
    public String toString() {
        return kind.label() + " '" + type + "' by AdapterType " + byAdapter;
    }

    private static final class Recalls extends AdapterDispatchFactory<Recall> implements RecallFactory {
        Recalls(String type) {
            super(ComponentKind.RECALL, type);
        }
    }

    private static final class Filters extends AdapterDispatchFactory<Filter> implements FilterFactory {
        Filters(String type) {
            super(ComponentKind.FILTER, type);
        }
    }
}
