package io.recengine.core.plugin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of plugin isolation: a third-party plugin built at test time bundles an older
 * Jackson than the engine's, is loaded from a plugins folder, wired by name, and both versions
 * coexist.
 */
class PluginIsolationTest {

    static final String PROBE_PLUGIN = """
            package probe;

            import com.fasterxml.jackson.databind.ObjectMapper;
            import io.recengine.spi.ComponentConfig;
            import io.recengine.spi.Item;
            import io.recengine.spi.Plugin;
            import io.recengine.spi.PluginContext;
            import io.recengine.spi.RecContext;
            import io.recengine.spi.Recall;
            import io.recengine.spi.RecallFactory;
            import io.recengine.spi.User;

            import java.util.List;
            import java.util.Map;

            public final class VersionProbePlugin implements Plugin {

                @Override
                public String name() {
                    return "VersionProbe";
                }

                @Override
                public List<RecallFactory> recallFactories() {
                    return List.of(new Factory());
                }

                static String tccl() {
                    ClassLoader l = Thread.currentThread().getContextClassLoader();
                    return l == null ? "null" : String.valueOf(l.getName());
                }

                static final class Factory implements RecallFactory {
                    @Override
                    public String type() {
                        return "VersionProbeRecall";
                    }

                    @Override
                    public Recall create(ComponentConfig config, PluginContext context) {
                        return new ProbeRecall(config.require("Name"), tccl());
                    }
                }

                static final class ProbeRecall implements Recall {
                    private final ObjectMapper mapper = new ObjectMapper();
                    private final String name;
                    private final String createTccl;
                    volatile String closeTccl = "";

                    ProbeRecall(String name, String createTccl) {
                        this.name = name;
                        this.createTccl = createTccl;
                    }

                    @Override
                    public List<Item> recall(RecContext context, User user) {
                        Item item = new Item("probe-1", name, 1.0);
                        item.setProperty("jackson", mapper.version().toString());
                        item.setProperty("jacksonLoader", String.valueOf(ObjectMapper.class.getClassLoader().getName()));
                        item.setProperty("recallLoader", String.valueOf(getClass().getClassLoader().getName()));
                        item.setProperty("tccl", tccl());
                        item.setProperty("createTccl", createTccl);
                        item.setProperty("engineVisible", String.valueOf(visible("io.recengine.core.plugin.PluginRegistry")));
                        try {
                            item.setProperty("json", mapper.writeValueAsString(Map.of("uid", user.id())));
                        } catch (Exception e) {
                            item.setProperty("json", e.toString());
                        }
                        return List.of(item);
                    }

                    @Override
                    public void close() {
                        closeTccl = tccl();
                    }

                    private static boolean visible(String className) {
                        try {
                            Class.forName(className);
                            return true;
                        } catch (ClassNotFoundException e) {
                            return false;
                        }
                    }
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void pluginBundlingAnOlderJacksonRunsBesideTheEnginesJackson() throws Exception {
        String hostJackson = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(hostJackson).startsWith("2.21.");

        Path pluginsDir = tmp.resolve("plugins");
        Path folder = pluginsDir.resolve("version-probe");
        List<Path> jackson = TestPluginJars.oldJackson();
        TestPluginJars.plugin()
                .source("probe.VersionProbePlugin", PROBE_PLUGIN)
                .classpath(jackson)
                .provider("probe.VersionProbePlugin")
                .build(tmp.resolve("build"), folder.resolve("version-probe.jar"));
        TestPluginJars.copyInto(folder, jackson);

        Thread thread = Thread.currentThread();
        ClassLoader testTccl = thread.getContextClassLoader();
        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), pluginsDir)) {
            assertThat(registry.plugins())
                    .filteredOn(p -> p.name().equals("VersionProbe"))
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.source()).isEqualTo(folder.toAbsolutePath().normalize().toString());
                        assertThat(p.types()).isEqualTo(Map.of(ComponentKind.RECALL, List.of("VersionProbeRecall")));
                    });
            assertThat(registry.types(ComponentKind.RECALL)).contains("VersionProbeRecall");

            RecallFactory factory = registry.recall("VersionProbeRecall").orElseThrow();
            assertThat(factory.type()).isEqualTo("VersionProbeRecall");
            Recall recall = factory.create(ComponentConfig.of("RecallConfs[0]",
                    Map.of("Name", "probe", "RecallType", "VersionProbeRecall")), TestPluginContext.defaults());
            assertThat(thread.getContextClassLoader()).isSameAs(testTccl);

            List<Item> items = recall.recall(RecContext.builder("req-1").build(), new User("u1"));

            assertThat(thread.getContextClassLoader()).isSameAs(testTccl);
            assertThat(items).hasSize(1);
            Item item = items.get(0);
            assertThat(item.retrieveId()).isEqualTo("probe");
            // Both Jackson versions live side by side.
            assertThat(item.stringProperty("jackson")).isEqualTo("2.17.2").isNotEqualTo(hostJackson);
            assertThat(item.stringProperty("jacksonLoader")).isEqualTo("version-probe");
            assertThat(item.stringProperty("json")).isEqualTo("{\"uid\":\"u1\"}");
            // The plugin's classes come from its folder's loader; the SPI classes are shared.
            assertThat(item.stringProperty("recallLoader")).isEqualTo("version-probe");
            assertThat(item.getClass()).isSameAs(Item.class);
            assertThat(recall).isInstanceOf(ClassLoaderSafeRecall.class);
            Recall original = ((ClassLoaderSafeRecall) recall).unwrap();
            assertThat(original.getClass().getClassLoader())
                    .isInstanceOf(PluginClassLoader.class)
                    .extracting(ClassLoader::getName).isEqualTo("version-probe");
            // The engine set the plugin's loader as TCCL around create() and recall().
            assertThat(item.stringProperty("createTccl")).isEqualTo("version-probe");
            assertThat(item.stringProperty("tccl")).isEqualTo("version-probe");
            // The plugin cannot see engine classes.
            assertThat(item.stringProperty("engineVisible")).isEqualTo("false");

            recall.close();
            Field closeTccl = original.getClass().getDeclaredField("closeTccl");
            closeTccl.setAccessible(true);
            assertThat(closeTccl.get(original)).isEqualTo("version-probe");
            assertThat(thread.getContextClassLoader()).isSameAs(testTccl);
        }
    }
}
