package io.recengine.core.plugin;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecallCacheFactory;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.SortFactory;
import io.recengine.spi.replication.UpdateLogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every factory of every loaded plugin, by kind and type. Built once at start-up; immutable and
 * thread-safe.
 *
 * <p>Plugins come from two places: the class path of the host loader ({@code source} {@code classpath}),
 * and each subfolder of the plugins directory, loaded by its own {@link PluginClassLoader} over the
 * folder's jars. Every factory handed out is a {@link ClassLoaderSafeFactory}: calls into the plugin,
 * and into the products it creates, run with the plugin's class loader as thread context class loader.
 *
 * <p>Loading is fail-fast: a broken plugin folder, a folder without a provider, a malformed or a
 * duplicate type throws {@link PluginLoadException}.
 */
public final class PluginRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    /** What a component type must look like. */
    public static final Pattern TYPE_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    static final String SOURCE_CLASSPATH = "classpath";

    static final String HINT = "Hint: does the jar have META-INF/services/" + Plugin.class.getName()
            + " naming a public class with a public no-argument constructor, and are all its dependency jars"
            + " in the folder? Do not bundle plugin-api or slf4j (or any slf4j binding): the engine provides them.";

    private final Map<ComponentKind, Map<String, ComponentFactory<?>>> factories;
    private final List<PluginInfo> plugins;
    private final List<PluginClassLoader> loaders;
    private boolean closed;

    private PluginRegistry(Map<ComponentKind, Map<String, ComponentFactory<?>>> factories, List<PluginInfo> plugins,
                           List<PluginClassLoader> loaders) {
        this.factories = factories;
        this.plugins = plugins;
        this.loaders = loaders;
    }

    /**
     * Loads the plugins on the class path of {@code hostLoader} and, when {@code pluginsDir} is an
     * existing directory, one isolated plugin per subfolder (in name order).
     *
     * @param hostLoader the engine's class loader: classpath plugins are looked up in it, and plugin
     *                   folders share the SPI and SLF4J classes from it
     * @param pluginsDir the plugins directory; null or missing means classpath plugins only
     * @throws PluginLoadException when a plugin cannot be loaded or its types clash
     */
    public static PluginRegistry load(ClassLoader hostLoader, Path pluginsDir) {
        Objects.requireNonNull(hostLoader, "hostLoader");
        Loading loading = new Loading();
        try {
            loading.loadClasspath(hostLoader);
            loading.loadDirectory(hostLoader, pluginsDir);
        } catch (RuntimeException | Error e) {
            loading.closeLoaders(e);
            throw e;
        }
        return new PluginRegistry(loading.factories, List.copyOf(loading.infos), List.copyOf(loading.loaders));
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

    public Optional<UpdateLogFactory> updateLog(String type) {
        return Optional.ofNullable((UpdateLogFactory) factories.get(ComponentKind.UPDATE_LOG).get(type));
    }

    public Optional<RecallCacheFactory> recallCache(String type) {
        return Optional.ofNullable((RecallCacheFactory) factories.get(ComponentKind.RECALL_CACHE).get(type));
    }

    /** The known types of a kind, sorted, for "Known: [...]" messages. */
    public Set<String> types(ComponentKind kind) {
        return new TreeSet<>(factories.get(kind).keySet());
    }

    /** The loaded plugins: classpath plugins first, then the plugin folders in name order. */
    public List<PluginInfo> plugins() {
        return plugins;
    }

    /**
     * Closes the plugin folders' class loaders. Call it after every component created from this
     * registry has been closed; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PluginClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.warn("Cannot close the class loader of plugin folder {}", l.folder(), e);
            }
        }
    }

    /** The mutable state of one {@link #load} call. */
    private static final class Loading {
        final Map<ComponentKind, Map<String, ComponentFactory<?>>> factories = new EnumMap<>(ComponentKind.class);
        /** Who registered each type, for duplicate messages. */
        final Map<ComponentKind, Map<String, String>> owners = new EnumMap<>(ComponentKind.class);
        final List<PluginInfo> infos = new ArrayList<>();
        final List<PluginClassLoader> loaders = new ArrayList<>();

        Loading() {
            for (ComponentKind k : ComponentKind.values()) {
                factories.put(k, new LinkedHashMap<>());
                owners.put(k, new LinkedHashMap<>());
            }
        }

        void loadClasspath(ClassLoader hostLoader) {
            Iterator<Plugin> it = ServiceLoader.load(Plugin.class, hostLoader).iterator();
            while (true) {
                Plugin plugin;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    plugin = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    throw new PluginLoadException("Cannot load a plugin from the class path: " + e + ". "
                            + specificHint(e) + HINT, e);
                }
                ClassLoader own = plugin.getClass().getClassLoader();
                register(plugin, own == null ? ClassLoader.getPlatformClassLoader() : own, SOURCE_CLASSPATH);
            }
        }

        void loadDirectory(ClassLoader hostLoader, Path pluginsDir) {
            if (pluginsDir == null) {
                LOG.info("No plugins directory configured: only plugins on the class path are loaded");
                return;
            }
            Path dir = pluginsDir.toAbsolutePath().normalize();
            if (!Files.exists(dir)) {
                LOG.info("Plugins directory {} does not exist: only plugins on the class path are loaded", dir);
                return;
            }
            if (!Files.isDirectory(dir)) {
                throw new PluginLoadException("Plugins directory " + dir + " is not a directory");
            }
            checkSharedSpi(hostLoader);
            LOG.info("Loading plugins from {}", dir);
            for (Path entry : list(dir)) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    loadFolder(hostLoader, entry);
                } else if (name.endsWith(".jar")) {
                    LOG.warn("Ignoring {}: a plugin is a subfolder of {} holding its jars", entry, dir);
                }
            }
        }

        /** The shared SPI must be the very classes the registry uses, or no provider would match. */
        private static void checkSharedSpi(ClassLoader hostLoader) {
            Class<?> hostPlugin;
            try {
                hostPlugin = Class.forName(Plugin.class.getName(), false, hostLoader);
            } catch (ClassNotFoundException e) {
                throw new PluginLoadException("The host class loader " + hostLoader + " cannot see "
                        + Plugin.class.getName() + ": it cannot share the SPI with plugins", e);
            }
            if (hostPlugin != Plugin.class) {
                throw new PluginLoadException("The host class loader " + hostLoader + " has its own copy of "
                        + Plugin.class.getName() + ": plugin-api must be loaded once, by the engine's loader");
            }
        }

        private void loadFolder(ClassLoader hostLoader, Path folder) {
            List<Path> jars = list(folder).stream()
                    .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .toList();
            List<String> jarNames = jars.stream().map(p -> p.getFileName().toString()).toList();
            PluginClassLoader loader = new PluginClassLoader(folder.getFileName().toString(), folder, jars, hostLoader);
            loaders.add(loader);
            warnBundledShared(loader);
            int found = 0;
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
                Iterator<Plugin> it = ServiceLoader.load(Plugin.class, loader).iterator();
                while (it.hasNext()) {
                    Plugin plugin = it.next();
                    if (plugin.getClass().getClassLoader() != loader) {
                        LOG.warn("Skipping plugin {} listed in plugin folder {}: it was loaded by {}, not by the"
                                + " folder's own class loader", plugin.getClass().getName(), folder,
                                plugin.getClass().getClassLoader());
                        continue;
                    }
                    register(plugin, loader, folder.toString());
                    found++;
                }
            } catch (PluginLoadException e) {
                throw e;
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                throw new PluginLoadException("Cannot load plugin folder " + folder + " (jars: " + jarNames + "): "
                        + e + ". " + specificHint(e) + HINT, e);
            }
            if (found == 0) {
                throw new PluginLoadException("No " + Plugin.class.getName() + " provider in plugin folder " + folder
                        + " (jars: " + jarNames + "). " + HINT);
            }
        }

        private static void warnBundledShared(PluginClassLoader loader) {
            if (loader.findResource(Plugin.class.getName().replace('.', '/') + ".class") != null) {
                LOG.warn("Plugin folder {} bundles plugin-api; the engine's copy is used instead. Declare"
                        + " plugin-api with <scope>provided</scope>", loader.folder());
            }
            if (loader.findResource("org/slf4j/LoggerFactory.class") != null) {
                LOG.warn("Plugin folder {} bundles slf4j-api; the engine's copy is used instead. Declare"
                        + " slf4j-api with <scope>provided</scope>", loader.folder());
            }
        }

        private void register(Plugin plugin, ClassLoader loader, String source) {
            String name;
            Map<ComponentKind, List<String>> types = new EnumMap<>(ComponentKind.class);
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
                name = plugin.name();
                if (name == null || name.isBlank()) {
                    name = plugin.getClass().getSimpleName();
                }
                for (ComponentKind kind : ComponentKind.values()) {
                    List<? extends ComponentFactory<?>> list;
                    try {
                        list = factoriesOf(plugin, kind);
                    } catch (RuntimeException | LinkageError e) {
                        throw new PluginLoadException("Plugin '" + name + "' (" + source + ") failed to list its "
                                + kind.label() + " factories: " + e + ". " + specificHint(e), e);
                    }
                    List<String> names = new ArrayList<>();
                    for (ComponentFactory<?> factory : list == null ? List.<ComponentFactory<?>>of() : list) {
                        names.add(add(kind, factory, loader, name, source));
                    }
                    if (!names.isEmpty()) {
                        types.put(kind, List.copyOf(names));
                    }
                }
            }
            PluginInfo info = new PluginInfo(name, source, Collections.unmodifiableMap(types));
            infos.add(info);
            LOG.info("Loaded plugin '{}' from {}: {}", name, source, describe(types));
        }

        private String add(ComponentKind kind, ComponentFactory<?> factory, ClassLoader loader, String plugin,
                           String source) {
            String owner = "plugin '" + plugin + "' (" + source + ")";
            if (factory == null) {
                throw new PluginLoadException("The " + owner + " lists a null " + kind.label() + " factory");
            }
            String type;
            try {
                type = factory.type();
            } catch (RuntimeException | LinkageError e) {
                throw new PluginLoadException("The " + owner + " has a " + kind.label() + " factory ("
                        + factory.getClass().getName() + ") whose type() failed: " + e, e);
            }
            if (type == null || !TYPE_PATTERN.matcher(type).matches()) {
                throw new PluginLoadException("The " + owner + " has a " + kind.label() + " factory ("
                        + factory.getClass().getName() + ") with type " + (type == null ? "null" : "'" + type + "'")
                        + ": types must match " + TYPE_PATTERN.pattern());
            }
            ClassLoaderSafeFactory<?> safe = ClassLoaderSafeFactory.of(kind, factory, loader);
            String previous = owners.get(kind).putIfAbsent(type, owner);
            if (previous != null) {
                share(kind, type, safe, previous, owner);
                owners.get(kind).put(type, previous + " and " + owner);
                return type;
            }
            factories.get(kind).put(type, safe);
            return type;
        }

        /**
         * A second plugin for a registered type: allowed for recalls and filters when both declare disjoint
         * {@code adapterTypes()} (PAI-Rec's one type over several stores), refused otherwise.
         */
        private void share(ComponentKind kind, String type, ClassLoaderSafeFactory<?> added, String previous,
                           String owner) {
            ComponentFactory<?> existing = factories.get(kind).get(type);
            AdapterDispatchFactory<?> dispatch = existing instanceof AdapterDispatchFactory<?> d ? d
                    : AdapterDispatchFactory.of(kind, type);
            Set<String> addedAdapters = added.adapterTypes();
            if (dispatch == null || addedAdapters.isEmpty() || existing.adapterTypes().isEmpty()) {
                throw new PluginLoadException("Duplicate " + kind.label() + " type '" + type + "': provided by "
                        + previous + " and by " + owner + ". Remove one of the plugins"
                        + (dispatch == null ? "" : ", or let each declare the AdapterType values it serves"
                        + " (adapterTypes())"));
            }
            if (dispatch != existing) {
                dispatch.add(existing);
            }
            Set<String> clash = dispatch.add(added);
            if (!clash.isEmpty()) {
                throw new PluginLoadException("Duplicate " + kind.label() + " type '" + type + "' for AdapterType "
                        + clash + ": provided by " + previous + " and by " + owner + ". Remove one of the plugins");
            }
            factories.get(kind).put(type, dispatch);
        }

        private static List<? extends ComponentFactory<?>> factoriesOf(Plugin plugin, ComponentKind kind) {
            return switch (kind) {
                case RECALL -> plugin.recallFactories();
                case FILTER -> plugin.filterFactories();
                case SORT -> plugin.sortFactories();
                case FEATURE_DAO -> plugin.featureDaoFactories();
                case RANKER -> plugin.rankerFactories();
                case CALLBACK_SINK -> plugin.callbackSinkFactories();
                case DATASOURCE -> plugin.datasourceFactories();
                case UPDATE_LOG -> plugin.updateLogFactories();
                case RECALL_CACHE -> plugin.recallCacheFactories();
            };
        }

        private static String describe(Map<ComponentKind, List<String>> types) {
            if (types.isEmpty()) {
                return "no components";
            }
            return types.entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        }

        /** A hint from the failure's cause chain, Kafka style; {@code ""} when nothing specific applies. */
        private static String specificHint(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NoSuchMethodException) {
                    return "The plugin class needs a public no-argument constructor. ";
                }
                if (t instanceof ExceptionInInitializerError) {
                    return "A plugin class failed in its static initializer. ";
                }
                if (t instanceof ServiceConfigurationError && String.valueOf(t.getMessage()).endsWith(" not found")) {
                    return "A class is missing: the provider named in the services file is not in the folder's jars. ";
                }
                if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                    return "A class is missing: the provider named in the services file, or a dependency"
                            + " whose jar is not in the folder. ";
                }
                if (t instanceof LinkageError) {
                    return "Two versions of a class met: often a bundled plugin-api or slf4j jar. ";
                }
            }
            return "";
        }

        private static List<Path> list(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.sorted().toList();
            } catch (IOException e) {
                throw new PluginLoadException("Cannot list " + dir + ": " + e, e);
            }
        }

        void closeLoaders(Throwable failure) {
            for (PluginClassLoader l : loaders) {
                try {
                    l.close();
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
