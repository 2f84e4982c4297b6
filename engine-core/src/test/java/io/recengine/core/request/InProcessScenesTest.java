package io.recengine.core.request;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Which scenes {@link InProcessScenes} lets run on the caller alone, and which it sends where blocking is allowed. */
class InProcessScenesTest {

    @TempDir
    Path tmp;

    private PluginRegistry registry;
    private ExecutorService pool;
    private EngineGeneration generation;

    /** Recall {@code Here} computes in memory ({@code inProcess()}); {@code Remote} stands for a store behind the network. */
    public static final class ThreadsPlugin implements Plugin {
        @Override
        public List<RecallFactory> recallFactories() {
            return List.of(factory("Here", true), factory("Remote", false));
        }

        private static RecallFactory factory(String type, boolean inProcess) {
            return RecallFactory.of(type, Set.of(), (c, context) -> new Recall() {
                @Override
                public List<Item> recall(RecContext ctx, User user) {
                    return new java.util.ArrayList<>(List.of(new Item(c.name() + "-1", c.name(), 1.0)));
                }

                @Override
                public boolean inProcess() {
                    return inProcess;
                }

                @Override
                public void close() {
                }
            });
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), ThreadsPlugin.class.getName() + "\n");
        registry = PluginRegistry.load(new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader()), null);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        if (generation != null) {
            generation.close();
        }
        pool.shutdownNow();
        registry.close();
    }

    /** {@code ColdStartRankConfs} for {@code local_scene}: a stage that may run on a pool. */
    private static final String COLD_START = ", \"ColdStartRankConfs\": {\"local_scene\": {\"RecallNames\": [\"here\"]}}";

    private EngineGeneration build(String extraSections) throws IOException {
        String json = """
                {"RecallConfs": [
                   {"Name": "here", "RecallType": "Here"},
                   {"Name": "remote", "RecallType": "Remote"}],
                 "FilterNames": {"default": ["UniqueFilter"]},
                 "SortNames": {"default": ["ItemRankScore"]},
                 "SceneConfs": {
                   "local_scene": {"default": {"RecallNames": ["here"]}},
                   "mixed_scene": {"default": {"RecallNames": ["here", "remote"]}},
                   "remote_in_other_category": {"default": {"RecallNames": ["here"]}, "news": {"RecallNames": ["remote"]}},
                   "no_recalls": {"default": {"RecallNames": []}},
                   "fallback_scene": {"default": {"RecallNames": ["here"],
                     "FallbackConfig": {"RecallNames": ["here"], "Timeout": 50}}}}
                 %s}
                """.formatted(extraSections);
        EngineConfig config = ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test", tmp);
        generation = EngineGeneration.build(config, registry, new EngineMetrics(new SimpleMeterRegistry()), pool, pool,
                Clock.systemUTC(), Map.of());
        return generation;
    }

    @Test
    void inMemoryRecallsAndBuiltInFiltersAndSortsRunOnTheCaller() throws IOException {
        EngineGeneration g = build("");
        InProcessScenes scenes = new InProcessScenes();
        assertThat(scenes.test(g, "local_scene")).isTrue();
        assertThat(scenes.test(g, "no_recalls")).isTrue();
        // an unknown scene has no recalls: the default filters and sorts only
        assertThat(scenes.test(g, "no_such_scene")).isTrue();
    }

    @Test
    void anyComponentThatMayWaitKeepsTheSceneOffTheCaller() throws IOException {
        EngineGeneration g = build("");
        InProcessScenes scenes = new InProcessScenes();
        assertThat(scenes.test(g, "mixed_scene")).as("one recall behind the network").isFalse();
        assertThat(scenes.test(g, "remote_in_other_category")).as("a remote recall in another category").isFalse();
        assertThat(scenes.test(g, "fallback_scene")).as("FallbackConfig runs the pipeline on a pool").isFalse();
    }

    @Test
    void stagesOnAPoolKeepTheSceneOffTheCaller() throws IOException {
        EngineGeneration g = build(COLD_START);
        assertThat(new InProcessScenes().test(g, "local_scene")).isFalse();
        assertThat(InProcessScenes.compute(g, "no_recalls")).isTrue();
    }

    @Test
    void answersFollowTheGeneration() throws IOException {
        InProcessScenes scenes = new InProcessScenes();
        EngineGeneration first = build("");
        assertThat(scenes.test(first, "local_scene")).isTrue();
        EngineGeneration second = build(COLD_START);
        assertThat(scenes.test(second, "local_scene")).isFalse();
        first.close();
    }
}
