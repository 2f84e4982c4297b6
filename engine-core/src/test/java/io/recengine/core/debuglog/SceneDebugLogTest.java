package io.recengine.core.debuglog;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.debuglog.DebugRecords.Module;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which config a request's debug log follows ({@code service/debug/debug_service.go},
 * {@code NewDebugService}: the experiment param {@code debugConfig} when it parses, else
 * {@code DebugConfs[scene]}) and a whole feed writing the stage records (PAI-Rec has no Go test for it).
 */
class SceneDebugLogTest {

    @TempDir
    Path tmp;

    private static RecContext ctx(Map<String, Object> params) {
        return RecContext.builder("req-1").sceneId("home").experimentId(params.isEmpty() ? "" : "ER1")
                .abParams(params).build();
    }

    private static DebugLogConfig fileConfig(Path dir, int rate) {
        return DebugLogConfig.of("DebugConfs.home", Map.of("Rate", rate, "OutputType", "file",
                "FilePath", dir.toString()));
    }

    private static List<Map<String, Object>> records(Path dir) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                try (MappingIterator<Map<String, Object>> it = new ObjectMapper().readerForMapOf(Object.class)
                        .readValues(f.toFile())) {
                    out.addAll(it.readAll());
                }
            }
        }
        return out;
    }

    @Test
    void anUnconfiguredSceneLogsNothing() {
        User u = new User("u1");
        assertThat(SceneDebugLog.UNCONFIGURED.start(ctx(Map.of()), u)).isNull();
        assertThat(SceneDebugLog.UNCONFIGURED.start(ctx(Map.of("other", 1)), u)).isNull();
        assertThat(SceneDebugLog.of(null)).isSameAs(SceneDebugLog.UNCONFIGURED);
    }

    /**
     * The feed of a scene without {@code DebugConfs} (the quickstart's) pays no allocation per request for the
     * debug log: the request's choice allocates nothing, with or without other experiment parameters.
     */
    @Test
    void theChoiceOfAnUnconfiguredSceneAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        assertThat(mx instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled())
                .as("the JVM counts each thread's allocation (HotSpot does)").isTrue();
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) mx;
        RecContext plain = ctx(Map.of());
        RecContext withParams = ctx(Map.of("rankscore", "${fm}"));
        User u = new User("u1");
        int nulls = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up: the JIT's own allocations happen here
            nulls += SceneDebugLog.UNCONFIGURED.start(i % 2 == 0 ? plain : withParams, u) == null ? 1 : 0;
        }
        long id = Thread.currentThread().getId();
        long before = t.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            nulls += SceneDebugLog.UNCONFIGURED.start(i % 2 == 0 ? plain : withParams, u) == null ? 1 : 0;
        }
        long allocated = t.getThreadAllocatedBytes(id) - before;
        assertThat(nulls).isEqualTo(120_000);
        // under one byte per choice: any allocation per call (16 bytes at least) would be 1.6 MB; what a
        // loaded machine's JIT (on-stack replacement, deoptimisation) allocates once stays well below
        assertThat(allocated).as("bytes allocated by 100000 choices").isLessThan(100_000);
    }

    @Test
    void rate0WithoutDebugUserLogsNothingAndAnEmptyOutputTypeIsNone() {
        DebugLogWriter writer = new DebugLogWriter(16);
        SceneDebugLog rate0 = new SceneDebugLog(fileConfig(tmp.resolve("a"), 0), writer, Clock.systemUTC());
        assertThat(rate0.start(ctx(Map.of()), new User("u1"))).isNull();
        SceneDebugLog none = new SceneDebugLog(DebugLogConfig.of("DebugConfs.home", Map.of("Rate", 100)), writer,
                Clock.systemUTC());
        assertThat(none.start(ctx(Map.of()), new User("u1"))).isNull();
    }

    @Test
    void theExperimentParamWinsOverDebugConfsAndABadOneFallsBack() throws Exception {
        DebugLogWriter writer = new DebugLogWriter(16);
        writer.start();
        Path sceneDir = tmp.resolve("scene");
        Path paramDir = tmp.resolve("param");
        SceneDebugLog log = new SceneDebugLog(fileConfig(sceneDir, 100), writer, Clock.systemUTC());
        String param = "{\"Rate\": 0, \"DebugUsers\": [\"u1\"], \"OutputType\": \"file\", \"FilePath\": "
                + new ObjectMapper().writeValueAsString(paramDir.toString()) + "}";

        log.start(ctx(Map.of("debugConfig", param)), new User("u1")).stage(Module.FILTER, List.of(new Item("a", "r", 1)));
        assertThat(log.start(ctx(Map.of("debugConfig", param)), new User("u2")))
                .as("the param's Rate 0 applies, not the scene's 100").isNull();
        log.start(ctx(Map.of("debugConfig", "{broken")), new User("u3")).stage(Module.FILTER, List.of(new Item("b", "r", 2)));
        assertThat(writer.awaitWritten(10, TimeUnit.SECONDS)).isTrue();

        assertThat(records(paramDir)).extracting(r -> r.get("uid")).containsExactly("u1");
        assertThat(records(sceneDir)).extracting(r -> r.get("uid")).containsExactly("u3");
        assertThat(records(paramDir).get(0)).containsEntry("exp_id", "ER1").containsEntry("items", "a:1");
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        DebugLogWriter writer = new DebugLogWriter(1); // not started: nothing drains
        assertThat(writer.offer(() -> { })).isTrue();
        assertThat(writer.offer(() -> { })).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
    }

    /** A bad {@code DebugConfs} entry stops the start, naming the scene and the key. */
    @Test
    void aBadDebugConfsEntryIsAStartUpErrorNamingSceneAndKey() throws IOException {
        Path cfg = tmp.resolve("bad.json");
        Files.writeString(cfg, """
                {"SceneConfs":{"home":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "DebugConfs":{"home":{"Rate":150,"OutputType":"console"},"feed":{"OutputType":"file"}}}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(cfg)).close())
                .hasMessageContaining("DebugConfs.home").hasMessageContaining("Rate")
                .hasMessageContaining("DebugConfs.feed").hasMessageContaining("FilePath");
    }

    /** A whole feed through a scene with {@code DebugConfs}: its file has every stage's records; another scene none. */
    @Test
    void aFeedWritesTheStageRecords() throws Exception {
        Path logDir = tmp.resolve("debug");
        Path cfg = tmp.resolve("engine.json");
        Files.writeString(cfg, """
                {"RecallConfs":[{"Name":"again","RecallType":"ContextItemRecall"}],
                 "FilterNames":{"home":["UniqueFilter"]},
                 "SortNames":{"home":["ItemRankScore"]},
                 "SceneConfs":{"home":{"default":{"RecallNames":["ContextItemRecall"]}},
                               "other":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "DebugConfs":{"home":{"Rate":100,"OutputType":"file","FilePath":%s}},
                 "EngineConf":{"RecallTimeout":60000,"RequestTimeout":0}}
                """.formatted(new ObjectMapper().writeValueAsString(logDir.toString())));
        try (RecEngine engine = RecEngine.start(EngineOptions.of(cfg))) {
            assertThat(RecEngine.warnings(EngineOptions.of(cfg))).noneMatch(w -> w.contains("DebugConfs"));
            List<Map<String, Object>> items = List.of(Map.of("item_id", "a", "score", 0.1),
                    Map.of("item_id", "b", "score", 0.9), Map.of("item_id", "c", "score", 0.3));
            FeedResult r = engine.feed(FeedRequest.builder("u1").size(2).sceneId("home").itemList(items).build());
            assertThat(r.code()).isEqualTo(FeedResult.OK);
            FeedResult o = engine.feed(FeedRequest.builder("u1").size(2).sceneId("other").itemList(items).build());
            assertThat(o.code()).isEqualTo(FeedResult.OK);
            assertThat(DebugLogWriter.shared().awaitWritten(10, TimeUnit.SECONDS)).isTrue();

            List<Map<String, Object>> records = records(logDir);
            assertThat(records).extracting(x -> x.get("module"))
                    .containsExactly("recall", "filter", "general_rank", "rank", "sort", "recommend");
            assertThat(records).extracting(x -> x.get("scene_id")).containsOnly("home");
            assertThat(records).extracting(x -> x.get("uid")).containsOnly("u1");
            assertThat(records).extracting(x -> x.get("request_id")).containsOnly(r.requestId());
            assertThat(records).allSatisfy(x -> assertThat(x).containsKeys("request_time", "retrieveid", "items"));
            assertThat(records.get(0).get("items")).asString().contains("a:").contains("b:").contains("c:");
            assertThat(records.get(5).get("items")).asString().startsWith("b:0.9:");
        }
    }
}
