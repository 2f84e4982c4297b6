package io.recengine.core;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.generation.ReloadOutcome;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import io.recengine.spi.Recall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload through the engine: a real config file, reloads by call and by the file watcher. Waits are
 * latches and futures; their timeouts only turn a hang into a failure.
 */
class RecEngineReloadTest {

    private static final long HANG = 30;

    @TempDir
    Path tmp;
    private Path file;
    private PluginRegistry registry;
    private SimpleMeterRegistry meters;
    private RecEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        ReloadTestPlugin.reset();
        Path services = tmp.resolve("cl/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.recengine.spi.Plugin"), ReloadTestPlugin.class.getName() + "\n");
        registry = PluginRegistry.load(new URLClassLoader(new URL[]{tmp.resolve("cl").toUri().toURL()},
                getClass().getClassLoader()), null);
        file = tmp.resolve("engine.json");
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        ReloadTestPlugin.gate.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    /** A config with recalls {@code a} and {@code b} (items as given) in scene {@code home}. */
    private static String config(String aItems, String bItems, String extra) {
        return """
                {"EngineConf": {"RequestTimeout": 600000, "RecallTimeout": 600000, "ConfigWatchIntervalMs": %s},
                 "TestStoreConfs": {"s1": {"Host": "one"}, "s2": {"Host": "two"}},
                 "RecallConfs": [
                   {"Name": "a", "RecallType": "Items", "Items": "%s", "Store": "s1"},
                   {"Name": "b", "RecallType": "Items", "Items": "%s"}],
                 "SceneConfs": {"home": {"default": {"RecallNames": ["a", "b"]}}}%s}
                """.formatted(0, aItems, bItems, extra);
    }

    private RecEngine start(String json) throws IOException {
        Files.writeString(file, json);
        engine = RecEngine.start(EngineOptions.of(file).withMeterRegistry(meters), registry);
        return engine;
    }

    private List<String> feedIds() {
        FeedResult r = engine.feed(FeedRequest.builder("u1").sceneId("home").size(50).build());
        return r.items().stream().map(Item::id).sorted().toList();
    }

    private Recall recall(String name) {
        return engine.generation().catalog().recall(name).orElseThrow().recall();
    }

    private ReloadOutcome reload() throws Exception {
        return engine.reload("test").get(HANG, TimeUnit.SECONDS);
    }

    private double reloads(String outcome) {
        return meters.counter("recengine.config.reloads", "outcome", outcome).count();
    }

    @Test
    void unchangedComponentsAreCarriedOverAndOnlyTheReplacedOnesAreClosed() throws Exception {
        start(config("x1,x2", "y1", ""));
        Recall a = recall("a");
        Recall b = recall("b");
        EngineGeneration first = engine.generation();

        Files.writeString(file, config("x1,x2", "y2,y3", ""));
        ReloadOutcome o = reload();

        assertThat(o.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(engine.generation()).isNotSameAs(first);
        assertThat(recall("a")).isSameAs(a);
        assertThat(recall("b")).isNotSameAs(b);
        // a, its datasource s1, s2, the built-in ContextItemRecall, UniqueFilter and ItemRankScore: all unchanged
        assertThat(o.carried()).isGreaterThanOrEqualTo(4);
        assertThat(o.created()).isEqualTo(1);
        assertThat(feedIds()).containsExactly("x1", "x2", "y2", "y3");
        engine.retired().get(HANG, TimeUnit.SECONDS);
        assertThat(ReloadTestPlugin.CLOSED).containsExactly("recall:b:y1");
        assertThat(reloads("applied")).isEqualTo(1);

        engine.close();
        engine = null;
        assertThat(ReloadTestPlugin.CLOSED).containsExactlyInAnyOrder("recall:b:y1", "recall:b:y2,y3", "recall:a:x1,x2",
                "store:TestStoreConfs.s1", "store:TestStoreConfs.s2");
    }

    @Test
    void aChangedDatasourceIsRebuiltWithTheComponentsThatNameIt() throws Exception {
        start(config("x1", "y1", ""));
        Recall a = recall("a");
        Recall b = recall("b");

        Files.writeString(file, config("x1", "y1", "").replace("\"Host\": \"one\"", "\"Host\": \"uno\""));
        ReloadOutcome o = reload();

        assertThat(o.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(recall("a")).as("a names the changed datasource s1").isNotSameAs(a);
        assertThat(recall("b")).isSameAs(b);
        engine.retired().get(HANG, TimeUnit.SECONDS);
        assertThat(ReloadTestPlugin.CLOSED).containsExactlyInAnyOrder("recall:a:x1", "store:TestStoreConfs.s1");
    }

    @Test
    void aRequestInFlightFinishesOnTheOldGenerationWhichIsClosedAfterIt() throws Exception {
        start(config("x1", "y1", "").replace("\"RecallType\": \"Items\", \"Items\": \"y1\"",
                "\"RecallType\": \"Gate\", \"Items\": \"y1\""));
        EngineGeneration first = engine.generation();
        CompletableFuture<List<String>> inFlight = CompletableFuture.supplyAsync(this::feedIds);
        assertThat(ReloadTestPlugin.gateEntered.await(HANG, TimeUnit.SECONDS)).isTrue();

        Files.writeString(file, config("x1", "y2", ""));
        ReloadOutcome o = reload();

        assertThat(o.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(feedIds()).as("new requests: the new generation").containsExactly("x1", "y2");
        assertThat(first.inFlight()).isEqualTo(1);
        assertThat(ReloadTestPlugin.CLOSED).as("the old generation waits for its request").isEmpty();

        ReloadTestPlugin.gate.countDown();
        assertThat(inFlight.get(HANG, TimeUnit.SECONDS)).as("the old request: the old generation").containsExactly("x1", "y1");
        engine.retired().get(HANG, TimeUnit.SECONDS);
        assertThat(first.inFlight()).isZero();
        assertThat(ReloadTestPlugin.CLOSED).containsExactly("recall:b:y1");
    }

    @Test
    void aBrokenConfigWrittenOverTheWatchedFileKeepsTheOldOneServingAndFixingItAppliesIt() throws Exception {
        String good = config("x1", "y1", "").replace("\"ConfigWatchIntervalMs\": 0", "\"ConfigWatchIntervalMs\": 20");
        start(good);
        BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();
        engine.addReloadListener(outcomes::add);
        String served = engine.configStatus().get("version").toString();

        Files.writeString(file, good.replace("\"RecallType\": \"Items\", \"Items\": \"y1\"",
                "\"RecallType\": \"Nope\", \"Items\": \"y1\""));
        ReloadOutcome broken = outcomes.poll(HANG, TimeUnit.SECONDS);

        assertThat(broken).isNotNull();
        assertThat(broken.outcome()).isEqualTo(ReloadOutcome.REJECTED);
        assertThat(broken.triggers()).containsExactly("file");
        assertThat(String.join("\n", broken.problems())).contains("unknown recall type 'Nope'");
        assertThat(feedIds()).containsExactly("x1", "y1");
        Map<String, Object> status = engine.configStatus();
        assertThat(status.get("version")).isEqualTo(served);
        assertThat(status.get("lastReload").toString()).contains("outcome=rejected").contains("unknown recall type 'Nope'");
        assertThat(reloads("rejected")).isEqualTo(1);

        Files.writeString(file, good.replace("y1", "y9"));
        ReloadOutcome fixed = outcomes.poll(HANG, TimeUnit.SECONDS);

        assertThat(fixed).isNotNull();
        assertThat(fixed.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(feedIds()).containsExactly("x1", "y9");
        assertThat(engine.configStatus().get("version")).isEqualTo(fixed.served().hash()).isNotEqualTo(served);
        assertThat(engine.configStatus().get("lastReload").toString()).contains("outcome=applied").contains("problems=[]");
    }

    @Test
    void aComponentThatFailsToBuildRejectsTheReloadAndClosesOnlyWhatTheReloadCreated() throws Exception {
        start(config("x1", "y1", ""));
        Recall a = recall("a");
        String failing = config("x1", "y2", "").replace("\"Items\": \"x1\"", "\"Items\": \"x2\", \"Fail\": true");
        Files.writeString(file, failing);

        ReloadOutcome o = reload();

        assertThat(o.outcome()).isEqualTo(ReloadOutcome.REJECTED);
        assertThat(String.join("\n", o.problems())).contains("recall 'a'").contains("cannot connect");
        assertThat(recall("a")).isSameAs(a);
        assertThat(feedIds()).containsExactly("x1", "y1");
        // the new b was created, then dropped with the failed generation; the carried stores stay open
        assertThat(ReloadTestPlugin.CLOSED).containsExactly("recall:b:y2");
        assertThat(reloads("rejected")).isEqualTo(1);
    }

    @Test
    void unreadableJsonIsRejectedAndTheSameFilesAgainAreUnchanged() throws Exception {
        String good = config("x1", "y1", "");
        start(good);
        Files.writeString(file, "{\"SceneConfs\": {");
        ReloadOutcome o = reload();
        assertThat(o.outcome()).isEqualTo(ReloadOutcome.REJECTED);
        assertThat(o.problems().get(0)).contains("invalid JSON at line 1");

        Files.writeString(file, good);
        assertThat(reload().outcome()).isEqualTo(ReloadOutcome.UNCHANGED);
        assertThat(reloads("unchanged")).isEqualTo(1);
        assertThat(reloads("rejected")).isEqualTo(1);
    }

    @Test
    void aChangedPortIsReportedAsNeedingARestartAndTheRestApplied() throws Exception {
        start(config("x1", "y1", ", \"ListenConf\": {\"HttpPort\": 8000}"));
        Files.writeString(file, config("x1", "y2", ", \"ListenConf\": {\"HttpPort\": 9000}")
                .replace("\"RequestTimeout\": 600000", "\"RequestTimeout\": 600000, \"RecallThreads\": 3"));
        ReloadOutcome o = reload();
        assertThat(o.outcome()).isEqualTo(ReloadOutcome.APPLIED);
        assertThat(o.needsRestart()).containsExactly("ListenConf", "EngineConf.RecallThreads");
        assertThat(engine.httpPort()).isEqualTo(8000);
        assertThat(feedIds()).containsExactly("x1", "y2");
    }

    @Test
    void aChangedMatchEngineConfIsRejectedWithARestartMessage() throws Exception {
        start(config("x1", "y1", ""));
        Files.writeString(file, config("x1", "y1", ", \"MatchEngineConf\": {\"SnakeCase\": true}"));
        ReloadOutcome o = reload();
        assertThat(o.outcome()).isEqualTo(ReloadOutcome.REJECTED);
        assertThat(o.problems()).anySatisfy(p -> assertThat(p).contains("MatchEngineConf").contains("restart the engine"));
        assertThat(feedIds()).containsExactly("x1", "y1");
    }
}
