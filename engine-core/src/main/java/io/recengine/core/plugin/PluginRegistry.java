package io.recengine.core.plugin;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.SortFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every factory of every loaded plugin, by kind and type. Built once at start-up; immutable.
 *
 * <p>TODO(plugin loading): plugins directory, class loaders, TCCL decorators.
 */
public final class PluginRegistry implements AutoCloseable {

    private final Map<ComponentKind, Map<String, ComponentFactory<?>>> factories;
    private final List<PluginInfo> plugins;

    private PluginRegistry(Map<ComponentKind, Map<String, ComponentFactory<?>>> factories, List<PluginInfo> plugins) {
        this.factories = factories;
        this.plugins = plugins;
    }

    /**
     * Loads the plugins on the class path of {@code hostLoader} and, when {@code pluginsDir} is an
     * existing directory, one isolated plugin per subfolder.
     */
    public static PluginRegistry load(ClassLoader hostLoader, Path pluginsDir) {
        Map<ComponentKind, Map<String, ComponentFactory<?>>> factories = new EnumMap<>(ComponentKind.class);
        for (ComponentKind k : ComponentKind.values()) {
            factories.put(k, new LinkedHashMap<>());
        }
        List<PluginInfo> infos = new ArrayList<>();
        for (Plugin p : ServiceLoader.load(Plugin.class, hostLoader)) {
            Map<ComponentKind, List<String>> types = new EnumMap<>(ComponentKind.class);
            add(factories, types, ComponentKind.RECALL, p.recallFactories());
            add(factories, types, ComponentKind.FILTER, p.filterFactories());
            add(factories, types, ComponentKind.SORT, p.sortFactories());
            add(factories, types, ComponentKind.FEATURE_DAO, p.featureDaoFactories());
            add(factories, types, ComponentKind.RANKER, p.rankerFactories());
            add(factories, types, ComponentKind.CALLBACK_SINK, p.callbackSinkFactories());
            add(factories, types, ComponentKind.DATASOURCE, p.datasourceFactories());
            infos.add(new PluginInfo(p.name(), "classpath", types));
        }
        return new PluginRegistry(factories, List.copyOf(infos));
    }

    private static void add(Map<ComponentKind, Map<String, ComponentFactory<?>>> all,
                            Map<ComponentKind, List<String>> types, ComponentKind kind,
                            List<? extends ComponentFactory<?>> list) {
        List<String> names = new ArrayList<>();
        for (ComponentFactory<?> f : list) {
            all.get(kind).put(f.type(), f);
            names.add(f.type());
        }
        if (!names.isEmpty()) {
            types.put(kind, List.copyOf(names));
        }
    }

    public Optional<RecallFactory> recall(String type) {
        return Optional.ofNullable((RecallFactory) factories.get(ComponentKind.RECALL).get(type));
    }

    public Optional<FilterFactory> filter(String type) {
        return Optional.ofNullable((FilterFactory) factories.get(ComponentKind.FILTER).get(type));
    }

    public Optional<SortFactory> sort(String type) {
        return Optional.ofNullable((SortFactory) factories.get(ComponentKind.SORT).get(type));
    }

    public Optional<FeatureDaoFactory> featureDao(String type) {
        return Optional.ofNullable((FeatureDaoFactory) factories.get(ComponentKind.FEATURE_DAO).get(type));
    }

    public Optional<RankerFactory> ranker(String type) {
        return Optional.ofNullable((RankerFactory) factories.get(ComponentKind.RANKER).get(type));
    }

    public Optional<CallbackSinkFactory> callbackSink(String type) {
        return Optional.ofNullable((CallbackSinkFactory) factories.get(ComponentKind.CALLBACK_SINK).get(type));
    }

    public Optional<DatasourceFactory> datasource(String type) {
        return Optional.ofNullable((DatasourceFactory) factories.get(ComponentKind.DATASOURCE).get(type));
    }

    /** The known types of a kind, sorted, for "Known: [...]" messages. */
    public Set<String> types(ComponentKind kind) {
        return new TreeSet<>(factories.get(kind).keySet());
    }

    public List<PluginInfo> plugins() {
        return plugins;
    }

    @Override
    public void close() {
    }
}
