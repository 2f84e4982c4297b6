package io.recengine.plugin.easyrec;

import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged plugin folder ({@code target/plugin/easyrec}: this jar and its own libraries, gRPC among
 * them) loaded by the engine's plugin registry in its own class loader, as the server loads it, ranking
 * with {@code TFServing} over gRPC: the gRPC stack finds its transport, name resolver and load balancer
 * from inside that loader.
 */
class PluginFolderIT {

    private static final String SERVICES = "META-INF/services/io.recengine.spi.Plugin";

    /** The test's class loader minus this module's own plugin registration, so only the folder provides it. */
    private static ClassLoader hostWithoutThisPlugin() throws Exception {
        String own = EasyRecPlugin.class.getProtectionDomain().getCodeSource().getLocation().toString();
        return new ClassLoader(PluginFolderIT.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                Enumeration<URL> all = super.getResources(name);
                if (!SERVICES.equals(name)) {
                    return all;
                }
                List<URL> kept = new ArrayList<>();
                for (URL u : Collections.list(all)) {
                    if (!u.toString().contains(own)) { // a directory URL, or jar:<own>!/...
                        kept.add(u);
                    }
                }
                return Collections.enumeration(kept);
            }
        };
    }

    @Test
    void thePackagedFolderRanksWithTfServingOverGrpc() throws Exception {
        Path plugins = Path.of("target", "plugin");
        assertThat(plugins.resolve("easyrec")).as("the plugin bundle, built in the package phase").isDirectory();
        assertThat(Files.list(plugins.resolve("easyrec")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("grpc-netty-shaded-"));
        try (FakeGrpcServer grpc = new FakeGrpcServer(); PluginRegistry registry =
                PluginRegistry.load(hostWithoutThisPlugin(), plugins)) {
            grpc.answer = ModelAnswers::tfServingGrpc;
            RankerFactory factory = registry.ranker("TFServing").orElseThrow();
            assertThat(registry.plugins()).filteredOn(p -> p.name().equals("easyrec")).singleElement()
                    .satisfies(p -> assertThat(p.source()).as("loaded from the folder").endsWith("easyrec"));
            Map<String, Object> eas = new LinkedHashMap<>(Map.of("Processor", "TFServing", "Url", grpc.url(""),
                    "Timeout", 30_000, "RetryTimes", 1, "Outputs", List.of("probs_ctr")));
            Map<String, Object> algo = Map.of("Name", "m", "Type", "EAS", "EasConf", eas);
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Item it = new Item("i" + i, "r", 1);
                it.setProperty("n", i);
                items.add(it);
            }
            try (Ranker r = factory.create(ComponentConfig.of("AlgoConfs[0]", algo), TestPluginContext.defaults())) {
                List<ItemScores> s = r.score(new RankRequest(RecContext.builder("req-1").sceneId("feed").build(),
                        new User("u1"), items, List.of(), null, 0));
                assertThat(s).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(s.get(i).single()).isCloseTo(ModelAnswers.ctr(i), within(1e-6));
                }
            }
        }
    }
}
