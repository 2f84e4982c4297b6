package io.recengine.core.plugin;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginRegistryTest {

    private static final String SERVICES = "META-INF/services/" + Plugin.class.getName();

    @TempDir
    Path tmp;

    // ---- plugins directory ------------------------------------------------------------------

    @Test
    void jarWithoutServicesFileIsAnErrorNamingTheFolder() {
        Path folder = tmp.resolve("plugins/no-services");
        TestPluginJars.plugin()
                .source("nosvc.NoServicesPlugin", TestPluginJars.recallPluginSource("nosvc.NoServicesPlugin", "NoSvc", "NoSvc"))
                .build(tmp.resolve("build"), folder.resolve("no-services.jar"));

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("No io.recengine.spi.Plugin provider in plugin folder")
                .hasMessageContaining(folder.toAbsolutePath().toString())
                .hasMessageContaining("[no-services.jar]")
                .hasMessageContaining("does the jar have " + SERVICES)
                .hasMessageContaining("Do not bundle plugin-api or slf4j");
    }

    @Test
    void servicesFileNamingAMissingClassIsAnErrorNamingTheFolder() {
        Path folder = tmp.resolve("plugins/missing-class");
        TestPluginJars.plugin()
                .provider("ghost.GhostPlugin")
                .build(tmp.resolve("build"), folder.resolve("ghost.jar"));

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasCauseInstanceOf(ServiceConfigurationError.class)
                .hasMessageContaining("Cannot load plugin folder " + folder.toAbsolutePath())
                .hasMessageContaining("missing-class")
                .hasMessageContaining("[ghost.jar]")
                .hasMessageContaining("ghost.GhostPlugin")
                .hasMessageContaining("A class is missing")
                .hasMessageContaining("does the jar have " + SERVICES)
                .hasMessageContaining("Do not bundle plugin-api or slf4j");
    }

    @Test
    void providerWithoutNoArgConstructorIsAnErrorWithAHint() {
        Path folder = tmp.resolve("plugins/no-ctor");
        TestPluginJars.plugin()
                .source("noctor.NoCtorPlugin", """
                        package noctor;
                        public class NoCtorPlugin implements io.recengine.spi.Plugin {
                            public NoCtorPlugin(String required) {
                            }
                        }
                        """)
                .provider("noctor.NoCtorPlugin")
                .build(tmp.resolve("build"), folder.resolve("no-ctor.jar"));

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("no-ctor")
                .hasMessageContaining("public no-argument constructor");
    }

    @Test
    void providerLoadedOutsideTheFolderIsSkipped() throws IOException {
        // A provider in a shared package comes from the host, not from the folder: it must not count.
        Path hostClasses = TestPluginJars.compile(tmp.resolve("leak-src"), tmp.resolve("leak-classes"),
                Map.of("org.slf4j.leak.LeakedPlugin",
                        TestPluginJars.recallPluginSource("org.slf4j.leak.LeakedPlugin", "Leaked", "Leaked")),
                List.of());
        Path folder = tmp.resolve("plugins/leaky");
        TestPluginJars.plugin()
                .provider("org.slf4j.leak.LeakedPlugin")
                .build(tmp.resolve("build"), folder.resolve("leaky.jar"));

        try (URLClassLoader host = new URLClassLoader("host", new URL[] {hostClasses.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> PluginRegistry.load(host, tmp.resolve("plugins")))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("No io.recengine.spi.Plugin provider in plugin folder "
                            + folder.toAbsolutePath());
        }
    }

    @Test
    void emptyFolderIsAnError() throws IOException {
        Files.createDirectories(tmp.resolve("plugins/empty"));

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("plugin folder " + tmp.resolve("plugins/empty").toAbsolutePath())
                .hasMessageContaining("(jars: [])");
    }

    @Test
    void duplicateTypeFromTwoFoldersNamesBothPlugins() {
        Path plugins = tmp.resolve("plugins");
        buildRecallPlugin("dup-a", "dupa.APlugin", "DupA", "Dup");
        buildRecallPlugin("dup-b", "dupb.BPlugin", "DupB", "Dup");

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("Duplicate recall type 'Dup'")
                .hasMessageContaining("plugin 'DupA' (" + plugins.resolve("dup-a").toAbsolutePath() + ")")
                .hasMessageContaining("plugin 'DupB' (" + plugins.resolve("dup-b").toAbsolutePath() + ")");
    }

    @Test
    void duplicateTypeBetweenClasspathAndFolderNamesBothPlugins() throws IOException {
        buildRecallPlugin("clash", "clash.ClashPlugin", "Clash", "Everything");

        try (URLClassLoader host = hostWith(EverythingPlugin.class)) {
            assertThatThrownBy(() -> PluginRegistry.load(host, tmp.resolve("plugins")))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("Duplicate recall type 'Everything'")
                    .hasMessageContaining("plugin 'Everything' (classpath)")
                    .hasMessageContaining("plugin 'Clash' (" + tmp.resolve("plugins/clash").toAbsolutePath() + ")");
        }
    }

    @Test
    void foldersLoadInNameOrderWithTheirOwnNamedLoaders() {
        buildRecallPlugin("b-second", "b.Second", "Second", "SecondRecall");
        buildRecallPlugin("a-first", "a.First", "First", "FirstRecall", "OtherRecall");

        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins"))) {
            List<PluginInfo> fromFolders = registry.plugins().stream()
                    .filter(p -> !p.source().equals("classpath")).toList();
            assertThat(fromFolders).extracting(PluginInfo::name).containsExactly("First", "Second");
            assertThat(fromFolders.get(0).types())
                    .isEqualTo(Map.of(ComponentKind.RECALL, List.of("FirstRecall", "OtherRecall")));
            assertThat(loaderOf(registry.recall("FirstRecall").orElseThrow()).getName()).isEqualTo("a-first");
            assertThat(loaderOf(registry.recall("SecondRecall").orElseThrow()).getName()).isEqualTo("b-second");
            assertThat(registry.types(ComponentKind.RECALL)).contains("FirstRecall", "OtherRecall", "SecondRecall");
        }
    }

    @Test
    void folderLoaderSharesOnlyTheSpiAndSlf4j() throws Exception {
        buildRecallPlugin("shared", "shared.SharedPlugin", "Shared", "SharedRecall");

        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins"))) {
            ClassLoader loader = loaderOf(registry.recall("SharedRecall").orElseThrow());
            assertThat(loader.loadClass(Plugin.class.getName())).isSameAs(Plugin.class);
            assertThat(loader.loadClass(org.slf4j.Logger.class.getName())).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
            assertThat(loader.isRegisteredAsParallelCapable()).isTrue();
            assertThat(loader.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
            assertThatThrownBy(() -> loader.loadClass(PluginRegistry.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.getResource("io/recengine/spi/Plugin.class"))
                    .isEqualTo(getClass().getClassLoader().getResource("io/recengine/spi/Plugin.class"));
        }
    }

    @Test
    void closeClosesTheFolderLoaders() {
        buildRecallPlugin("closing", "closing.ClosingPlugin", "Closing", "ClosingRecall");

        PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins"));
        ClassLoader loader = loaderOf(registry.recall("ClosingRecall").orElseThrow());
        assertThat(loader.getResource(SERVICES)).isNotNull();

        registry.close();
        registry.close();

        assertThat(loader.getResource(SERVICES)).isNull();
    }

    @Test
    void pluginsDirThatIsAFileIsAnError() throws IOException {
        Path file = Files.writeString(tmp.resolve("plugins"), "not a directory");

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), file))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining(file.toAbsolutePath() + " is not a directory");
    }

    @Test
    void jarsDirectlyInThePluginsDirAndHiddenFoldersAreIgnored() throws IOException {
        TestPluginJars.plugin()
                .source("loose.LoosePlugin", TestPluginJars.recallPluginSource("loose.LoosePlugin", "Loose", "LooseRecall"))
                .provider("loose.LoosePlugin")
                .build(tmp.resolve("build"), tmp.resolve("plugins/loose.jar"));
        Files.createDirectories(tmp.resolve("plugins/.cache"));

        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), tmp.resolve("plugins"))) {
            assertThat(registry.recall("LooseRecall")).isEmpty();
            assertThat(registry.plugins()).allSatisfy(p -> assertThat(p.source()).isEqualTo("classpath"));
        }
    }

    // ---- classpath plugins ------------------------------------------------------------------

    @Test
    void withoutPluginsDirOnlyClasspathPluginsAreLoaded() throws IOException {
        try (URLClassLoader host = hostWith(EverythingPlugin.class);
             PluginRegistry missing = PluginRegistry.load(host, tmp.resolve("does-not-exist"));
             PluginRegistry none = PluginRegistry.load(host, null)) {
            for (PluginRegistry registry : List.of(missing, none)) {
                assertThat(registry.plugins()).allSatisfy(p -> assertThat(p.source()).isEqualTo("classpath"));
                assertThat(registry.plugins()).filteredOn(p -> p.name().equals("Everything")).singleElement()
                        .extracting(PluginInfo::types)
                        .isEqualTo(Map.of(
                                ComponentKind.RECALL, List.of("Everything"),
                                ComponentKind.FILTER, List.of("Everything"),
                                ComponentKind.SORT, List.of("Everything"),
                                ComponentKind.FEATURE_DAO, List.of("Everything"),
                                ComponentKind.RANKER, List.of("Everything"),
                                ComponentKind.CALLBACK_SINK, List.of("Everything"),
                                ComponentKind.DATASOURCE, List.of("EverythingConfs")));
                assertThat(loaderOf(registry.recall("Everything").orElseThrow()))
                        .isSameAs(EverythingPlugin.class.getClassLoader());
            }
        }
    }

    @Test
    void malformedTypeIsRejected() throws IOException {
        try (URLClassLoader host = hostWith(BadTypePlugin.class)) {
            assertThatThrownBy(() -> PluginRegistry.load(host, null))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("plugin 'BadType' (classpath)")
                    .hasMessageContaining("type 'home-feed'")
                    .hasMessageContaining("[A-Za-z][A-Za-z0-9_]*");
        }
    }

    @Test
    void everyFactoryAndProductCallRunsWithThePluginLoaderAsTccl() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader host = hostWith(EverythingPlugin.class);
             URLClassLoader elsewhere = new URLClassLoader("elsewhere", new URL[0], null);
             PluginRegistry registry = PluginRegistry.load(host, null)) {
            thread.setContextClassLoader(elsewhere);
            EverythingPlugin.SEEN.clear();
            ComponentConfig config = ComponentConfig.of("X[0]", Map.of("Name", "x"));
            TestPluginContext ctx = TestPluginContext.defaults();
            RecContext rc = RecContext.builder("r").build();
            User user = new User("u");
            List<Item> items = List.of(new Item("i1"));

            RecallFactory recallFactory = registry.recall("Everything").orElseThrow();
            assertThat(recallFactory.type()).isEqualTo("Everything");
            assertThat(recallFactory.check(config)).isEmpty();
            assertThat(recallFactory.secretKeys()).containsExactly("Password");
            try (Recall recall = recallFactory.create(config, ctx)) {
                assertThat(recall).isInstanceOf(ClassLoaderSafeRecall.class);
                assertThat(recall.recall(rc, user)).isEmpty();
            }
            try (Filter filter = registry.filter("Everything").orElseThrow().create(config, ctx)) {
                assertThat(filter).isInstanceOf(ClassLoaderSafeFilter.class);
                assertThat(filter.filter(rc, user, items).kept()).isEqualTo(items);
            }
            try (Sort sort = registry.sort("Everything").orElseThrow().create(config, ctx)) {
                assertThat(sort).isInstanceOf(ClassLoaderSafeSort.class);
                assertThat(sort.sort(rc, user, items)).isEqualTo(items);
            }
            try (FeatureDao dao = registry.featureDao("Everything").orElseThrow().create(config, ctx)) {
                assertThat(dao).isInstanceOf(ClassLoaderSafeFeatureDao.class);
                dao.loadUserFeatures(rc, user);
                dao.loadItemFeatures(rc, user, items);
            }
            try (Ranker ranker = registry.ranker("Everything").orElseThrow().create(config, ctx)) {
                assertThat(ranker).isInstanceOf(ClassLoaderSafeRanker.class);
                assertThat(ranker.score(new RankRequest(rc, user, items, List.of(), List.of(), 0))).hasSize(1);
            }
            try (CallbackSink sink = registry.callbackSink("Everything").orElseThrow().create(config, ctx)) {
                assertThat(sink).isInstanceOf(ClassLoaderSafeCallbackSink.class);
                sink.write(List.of(CallbackRow.of(Map.of("request_id", "r"))));
            }
            try (Datasource ds = registry.datasource("EverythingConfs").orElseThrow().create(config, ctx)) {
                assertThat(ds).isInstanceOf(ClassLoaderSafeDatasource.class);
            }

            assertThat(thread.getContextClassLoader()).isSameAs(elsewhere);
            assertThat(EverythingPlugin.SEEN).extracting(Seen::call).containsExactly(
                    "recall.type", "recall.check", "recall.secretKeys", "recall.create", "recall", "recall.close",
                    "filter.create", "filter", "filter.close",
                    "sort.create", "sort", "sort.close",
                    "dao.create", "dao.user", "dao.items", "dao.close",
                    "ranker.create", "ranker", "ranker.close",
                    "sink.create", "sink", "sink.close",
                    "ds.create", "ds.close");
            assertThat(EverythingPlugin.SEEN).allSatisfy(s ->
                    assertThat(s.tccl()).as(s.call()).isSameAs(EverythingPlugin.class.getClassLoader()));
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void componentsReceiveTheOriginalDatasource() throws IOException {
        try (URLClassLoader host = hostWith(EverythingPlugin.class);
             PluginRegistry registry = PluginRegistry.load(host, null)) {
            ComponentConfig config = ComponentConfig.of("EverythingConfs.main", Map.of());
            Datasource ds = registry.datasource("EverythingConfs").orElseThrow().create(config, TestPluginContext.defaults());
            assertThat(ds).isNotInstanceOf(EverythingPlugin.Source.class);
            assertThat(((ClassLoaderSafeDatasource) ds).unwrap()).isInstanceOf(EverythingPlugin.Source.class);
            assertThat(ClassLoaderSafeDatasource.original(ds)).isSameAs(((ClassLoaderSafeDatasource) ds).unwrap());

            // the engine hands components the plugin's own object, never the class-loader decorator
            TestPluginContext ctx = TestPluginContext.builder()
                    .datasource("EverythingConfs", "main", ClassLoaderSafeDatasource.original(ds)).build();
            assertThat(ctx.datasource("EverythingConfs", "main", EverythingPlugin.Source.class).label)
                    .isEqualTo("EverythingConfs.main");
        }
    }

    @Test
    void pluginExceptionsPassThroughTheDecoratorsUnchanged() throws IOException {
        try (URLClassLoader host = hostWith(EverythingPlugin.class);
             PluginRegistry registry = PluginRegistry.load(host, null)) {
            ComponentConfig bad = ComponentConfig.of("RecallConfs[0]", Map.of("Name", "r", "Fail", true));
            assertThatThrownBy(() -> registry.recall("Everything").orElseThrow().create(bad, TestPluginContext.defaults()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("'r' (RecallConfs[0]), key Fail: asked to fail");
        }
    }

    /** Two plugins serve UserCustomRecall for different AdapterType values: each config reaches its own. */
    @Test
    void oneTypeServedByTwoPluginsIsDispatchedByAdapterType() throws IOException {
        try (URLClassLoader host = hostWith(StorePlugin.Holo.class, StorePlugin.Redis.class);
             PluginRegistry registry = PluginRegistry.load(host, null)) {
            RecallFactory f = registry.recall("UserCustomRecall").orElseThrow();
            assertThat(f.adapterTypes()).containsExactlyInAnyOrder("hologres", "redis");
            ComponentConfig redis = ComponentConfig.of("RecallConfs[0]", Map.of("Name", "r",
                    "DaoConf", Map.of("AdapterType", "redis")));
            ComponentConfig holo = ComponentConfig.of("RecallConfs[1]", Map.of("Name", "h",
                    "UserCollaborativeDaoConf", Map.of("AdapterType", "hologres"), "DaoConf", Map.of("AdapterType", "redis")));
            assertThat(f.create(redis, TestPluginContext.defaults()).recall(null, null)).extracting(Item::id)
                    .containsExactly("redis");
            // a specific DAO block wins over DaoConf, as PAI-Rec reads UserCollaborativeDaoConf for user CF
            assertThat(f.create(holo, TestPluginContext.defaults()).recall(null, null)).extracting(Item::id)
                    .containsExactly("hologres");
            ComponentConfig unknown = ComponentConfig.of("RecallConfs[2]", Map.of("Name", "x",
                    "DaoConf", Map.of("AdapterType", "mongo")));
            assertThat(f.check(unknown)).singleElement().extracting(Throwable::getMessage).isEqualTo(
                    "'x' (RecallConfs[2]), key DaoConf.AdapterType: unknown adapter 'mongo' for RecallType"
                            + " 'UserCustomRecall'. Known: [hologres, redis]");
            assertThatThrownBy(() -> f.create(ComponentConfig.of("RecallConfs[3]", Map.of("Name", "y")),
                    TestPluginContext.defaults()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is required for RecallType 'UserCustomRecall'. Known: [hologres, redis]");
        }
    }

    /** Two plugins claiming one adapter of one type is still a duplicate, naming the adapter. */
    @Test
    void oneTypeAndOneAdapterFromTwoPluginsIsADuplicate() throws IOException {
        try (URLClassLoader host = hostWith(StorePlugin.Redis.class, StorePlugin.OtherRedis.class)) {
            assertThatThrownBy(() -> PluginRegistry.load(host, null))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("Duplicate recall type 'UserCustomRecall' for AdapterType [redis]")
                    .hasMessageContaining("plugin 'redis'")
                    .hasMessageContaining("plugin 'other-redis'");
        }
    }

    /** Plugins serving one recall type for one store each (see {@link #oneTypeServedByTwoPluginsIsDispatchedByAdapterType}). */
    public abstract static class StorePlugin implements Plugin {
        private final String name;
        private final String adapter;

        StorePlugin(String name, String adapter) {
            this.name = name;
            this.adapter = adapter;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<RecallFactory> recallFactories() {
            return List.of(new RecallFactory() {
                @Override
                public String type() {
                    return "UserCustomRecall";
                }

                @Override
                public Set<String> adapterTypes() {
                    return Set.of(adapter);
                }

                @Override
                public Recall create(ComponentConfig config, PluginContext context) {
                    return (ctx, user) -> List.of(new Item(adapter));
                }
            });
        }

        public static final class Holo extends StorePlugin {
            public Holo() {
                super("hologres", "hologres");
            }
        }

        public static final class Redis extends StorePlugin {
            public Redis() {
                super("redis", "redis");
            }
        }

        public static final class OtherRedis extends StorePlugin {
            public OtherRedis() {
                super("other-redis", "redis");
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void buildRecallPlugin(String folder, String className, String pluginName, String... types) {
        TestPluginJars.plugin()
                .source(className, TestPluginJars.recallPluginSource(className, pluginName, types))
                .provider(className)
                .build(tmp.resolve("build-" + folder), tmp.resolve("plugins").resolve(folder).resolve(folder + ".jar"));
    }

    private static ClassLoader loaderOf(Object factory) {
        return ((ClassLoaderSafeFactory<?>) factory).classLoader();
    }

    /** A host loader over the test class path whose services file lists {@code providers}. */
    private URLClassLoader hostWith(Class<?>... providers) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "host");
        Path services = dir.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        StringBuilder sb = new StringBuilder();
        for (Class<?> p : providers) {
            sb.append(p.getName()).append('\n');
        }
        Files.writeString(services, sb);
        return new URLClassLoader("host", new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    record Seen(String call, ClassLoader tccl) {
    }

    /** A classpath plugin with one factory per kind, recording each call and its TCCL. */
    public static final class EverythingPlugin implements Plugin {

        static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

        static void seen(String call) {
            SEEN.add(new Seen(call, Thread.currentThread().getContextClassLoader()));
        }

        @Override
        public String name() {
            return "Everything";
        }

        @Override
        public List<RecallFactory> recallFactories() {
            return List.of(new RecallFactory() {
                @Override
                public String type() {
                    seen("recall.type");
                    return "Everything";
                }

                @Override
                public Recall create(ComponentConfig config, PluginContext context) {
                    if (config.bool("Fail", false)) {
                        throw new ConfigException(config.component(), "Fail", "asked to fail");
                    }
                    seen("recall.create");
                    return new Recall() {
                        @Override
                        public List<Item> recall(RecContext c, User u) {
                            seen("recall");
                            return List.of();
                        }

                        @Override
                        public void close() {
                            seen("recall.close");
                        }
                    };
                }

                @Override
                public List<ConfigException> check(ComponentConfig config) {
                    seen("recall.check");
                    return List.of();
                }

                @Override
                public Set<String> secretKeys() {
                    seen("recall.secretKeys");
                    return Set.of("Password");
                }
            });
        }

        @Override
        public List<FilterFactory> filterFactories() {
            return List.of(new FilterFactory() {
                @Override
                public String type() {
                    return "Everything";
                }

                @Override
                public Filter create(ComponentConfig config, PluginContext context) {
                    seen("filter.create");
                    return new Filter() {
                        @Override
                        public FilterResult filter(RecContext c, User u, List<Item> items) {
                            seen("filter");
                            return FilterResult.keepAll(items);
                        }

                        @Override
                        public void close() {
                            seen("filter.close");
                        }
                    };
                }
            });
        }

        @Override
        public List<SortFactory> sortFactories() {
            return List.of(new SortFactory() {
                @Override
                public String type() {
                    return "Everything";
                }

                @Override
                public Sort create(ComponentConfig config, PluginContext context) {
                    seen("sort.create");
                    return new Sort() {
                        @Override
                        public List<Item> sort(RecContext c, User u, List<Item> items) {
                            seen("sort");
                            return List.copyOf(items);
                        }

                        @Override
                        public void close() {
                            seen("sort.close");
                        }
                    };
                }
            });
        }

        @Override
        public List<FeatureDaoFactory> featureDaoFactories() {
            return List.of(new FeatureDaoFactory() {
                @Override
                public String type() {
                    return "Everything";
                }

                @Override
                public FeatureDao create(ComponentConfig config, PluginContext context) {
                    seen("dao.create");
                    return new FeatureDao() {
                        @Override
                        public void loadUserFeatures(RecContext c, User u) {
                            seen("dao.user");
                        }

                        @Override
                        public void loadItemFeatures(RecContext c, User u, List<Item> items) {
                            seen("dao.items");
                        }

                        @Override
                        public void close() {
                            seen("dao.close");
                        }
                    };
                }
            });
        }

        @Override
        public List<RankerFactory> rankerFactories() {
            return List.of(new RankerFactory() {
                @Override
                public String type() {
                    return "Everything";
                }

                @Override
                public Ranker create(ComponentConfig config, PluginContext context) {
                    seen("ranker.create");
                    return new Ranker() {
                        @Override
                        public List<ItemScores> score(RankRequest request) {
                            seen("ranker");
                            return request.items().stream().map(i -> ItemScores.EMPTY).toList();
                        }

                        @Override
                        public void close() {
                            seen("ranker.close");
                        }
                    };
                }
            });
        }

        @Override
        public List<CallbackSinkFactory> callbackSinkFactories() {
            return List.of(new CallbackSinkFactory() {
                @Override
                public String type() {
                    return "Everything";
                }

                @Override
                public CallbackSink create(ComponentConfig config, PluginContext context) {
                    seen("sink.create");
                    return new CallbackSink() {
                        @Override
                        public void write(List<CallbackRow> rows) {
                            seen("sink");
                        }

                        @Override
                        public void close() {
                            seen("sink.close");
                        }
                    };
                }
            });
        }

        @Override
        public List<DatasourceFactory> datasourceFactories() {
            return List.of(new DatasourceFactory() {
                @Override
                public String type() {
                    return "EverythingConfs";
                }

                @Override
                public Datasource create(ComponentConfig config, PluginContext context) {
                    seen("ds.create");
                    return new Source(config.path());
                }
            });
        }

        /** A plugin's own datasource class, which components cast to. */
        public static final class Source implements Datasource {
            final String label;

            Source(String label) {
                this.label = label;
            }

            @Override
            public void close() {
                seen("ds.close");
            }
        }
    }

    /** A classpath plugin whose recall type is not a valid identifier. */
    public static final class BadTypePlugin implements Plugin {
        @Override
        public String name() {
            return "BadType";
        }

        @Override
        public List<RecallFactory> recallFactories() {
            return List.of(TestRecallFactory.of("home-feed"));
        }
    }

    /** A recall factory of any type, for tests. */
    record TestRecallFactory(String type) implements RecallFactory {
        static TestRecallFactory of(String type) {
            return new TestRecallFactory(type);
        }

        @Override
        public Recall create(ComponentConfig config, PluginContext context) {
            return (c, u) -> List.of();
        }
    }
}
