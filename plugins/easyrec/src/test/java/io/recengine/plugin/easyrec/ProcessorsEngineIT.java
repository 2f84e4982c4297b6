package io.recengine.plugin.easyrec;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The engine (RecEngine.start on a temp config) ranking with each processor against its fake server:
 * batches in parallel, multi-output scores under PAI-Rec's names in RankScore, a timeout and a garbage
 * answer degrading the rank stage only, bad response functions refused at start. TFServing speaks gRPC to
 * its own fake ({@link FakeGrpcServer}); the others HTTP ({@link FakeModelServer}).
 */
class ProcessorsEngineIT {

    /** One processor: its AlgoConfs entry (%s is the server URL), its RankScore, its fake. */
    enum Processor {
        TORCH_EASYREC("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"EasyRec","Url":"%s","Timeout":%d,"RetryTimes":1,
                 "ResponseFuncName":"torchrecMutValResponseFunc"}}""", "${m_probs_ctr} * ${m_probs_cvr}", 0.5,
                ModelAnswers::torch),
        TENSORFLOW("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"TensorFlow","Url":"%s","Timeout":%d,"RetryTimes":1,
                 "ResponseFuncName":"tfMutValResponseFunc","SignatureName":"serving_default"}}""",
                "${m_probs_ctr} * ${m_probs_cvr}", 0.5, ModelAnswers::tensorflow),
        TF_SERVING_GRPC("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"TFServing","Url":"%s","Timeout":%d,"RetryTimes":1,
                 "ResponseFuncName":"tfServingResponseFunc","ModelName":"ctr","SignatureName":"serving_default",
                 "Outputs":["probs_ctr"]}}""", "${m}", 1, ModelAnswers::tfServingGrpc),
        TF_SERVING("""
                {"Name":"m","Type":"TFSERVING","TFservingConf":{"Url":"%s","Timeout":%d,"RetryTimes":1,
                 "ResponseFuncName":"tfservingResponseFunc"}}""", "${m}", 1, ModelAnswers::tfServing),
        ALINK_FM("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"ALINK_FM","Url":"%s","Timeout":%d,"RetryTimes":1,
                 "ResponseFuncName":"alinkFMResponseFunc"}}""", "${m}", 1, ModelAnswers::alinkFm),
        LINUCB("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"Linucb","Url":"%s","Timeout":%d,"RetryTimes":1}}""",
                "${m}", 1, ModelAnswers::linucb);

        final String algo;
        final String rankScore;
        /** RankScore of item n is ctr(n) times this. */
        final double factor;
        final Function<byte[], byte[]> answer;

        Processor(String algo, String rankScore, double factor, Function<byte[], byte[]> answer) {
            this.algo = algo;
            this.rankScore = rankScore;
            this.factor = factor;
            this.answer = answer;
        }
    }

    private final FakeModelServer http = new FakeModelServer();
    /** Started only for the gRPC processor. */
    private FakeGrpcServer grpc;
    /** The fake of the processor under test. */
    private FakeServer server;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path tmp;

    ProcessorsEngineIT() throws Exception {
    }

    @AfterEach
    void stop() {
        http.close();
        if (grpc != null) {
            grpc.close();
        }
    }

    /**
     * Generous request and recall deadlines: only the algo's own Timeout is under test, and the first feed
     * of a cold JVM on a loaded machine can take longer than the default recall timeout (300 ms), which
     * would drop the candidates and answer 299.
     */
    private Path config(String algo, String rankScore) throws Exception {
        String config = """
                {"EngineConf":{"RequestTimeout":60000,"RecallTimeout":60000},
                 "SceneConfs":{"feed":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "AlgoConfs":[%s],
                 "RankConf":{"feed":{"RankAlgoList":["m"],"BatchCount":100,"RankScore":"%s"}}}
                """.formatted(algo, rankScore);
        Path p = tmp.resolve("config.json");
        Files.writeString(p, config);
        return p;
    }

    private RecEngine start(Processor p, int timeoutMs) throws Exception {
        if (p == Processor.TF_SERVING_GRPC) {
            grpc = new FakeGrpcServer();
            server = grpc;
        } else {
            server = http;
        }
        server.answer = p.answer;
        return RecEngine.start(EngineOptions.of(config(p.algo.formatted(server.url("/api/predict/m"), timeoutMs),
                p.rankScore)).withMeterRegistry(meters));
    }

    /** A fresh request each time: the engine owns a request's feature and item maps. */
    private static FeedRequest feed(int n, int size) {
        List<Map<String, Object>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", "i" + i);
            item.put("n", i);
            items.add(item);
        }
        return FeedRequest.builder("u1").size(size).sceneId("feed").features(Map.of("vip", 1L)).itemList(items).build();
    }

    private double failures(String outcome) {
        return meters.find("recengine.component.failures").tags("kind", "rank", "component", "m", "outcome", outcome)
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    @ParameterizedTest
    @EnumSource(Processor.class)
    void thousandCandidatesInConcurrentBatchesScoredUnderPaiRecNames(Processor p) throws Exception {
        try (RecEngine engine = start(p, 30_000)) {
            engine.feed(feed(1000, 10)); // warm-up: JIT and keep-alive connections
            // each call held 50 ms at the server: the batches of one feed overlap there even on a loaded machine
            server.delayMs = 50;
            server.peak.set(0);
            int before = server.count.get();
            FeedResult r = engine.feed(feed(1000, 10));
            assertThat(server.count.get() - before).isEqualTo(10);
            assertThat(server.peak.get()).as("concurrent requests at the server").isGreaterThanOrEqualTo(5);
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items().get(0).id()).isEqualTo("i999");
            assertThat(r.items().get(0).score()).isCloseTo(ModelAnswers.ctr(999) * p.factor, within(1e-6));
            assertThat(r.items().get(1).id()).isEqualTo("i998");
        }
    }

    @ParameterizedTest
    @EnumSource(Processor.class)
    void aTimeoutDegradesTheRankStageOnly(Processor p) throws Exception {
        CountDownLatch reply = new CountDownLatch(1);
        try (RecEngine engine = start(p, 100)) {
            server.hold = reply;
            FeedResult r = engine.feed(feed(150, 150));
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items()).hasSize(150).allSatisfy(i -> assertThat(i.score()).isZero());
            assertThat(failures("timeout")).isEqualTo(2);
        } finally {
            reply.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(Processor.class)
    void aGarbageAnswerDegradesTheRankStageOnly(Processor p) throws Exception {
        try (RecEngine engine = start(p, 30_000)) {
            server.answer = b -> "{\"busy\": tru".getBytes(StandardCharsets.UTF_8);
            FeedResult r = engine.feed(feed(150, 150));
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.items()).hasSize(150).allSatisfy(i -> assertThat(i.score()).isZero());
            assertThat(failures("error")).isEqualTo(2);
        }
    }

    @Test
    void unknownResponseFunctionsAndAnHttpUrlForTheGrpcProcessorAreRefusedAtStart() throws Exception {
        Path bad = config("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"EasyRec","Url":"http://127.0.0.1:1/api/predict/m",
                 "ResponseFuncName":"torchrecNope"}}""", "${m}");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(bad)).close())
                .hasMessageContaining("EasConf.ResponseFuncName").hasMessageContaining("torchrecNope")
                .hasMessageContaining("torchrecMutValResponseFunc");
        Path tf = config("""
                {"Name":"m","Type":"TFSERVING","TFservingConf":{"Url":"http://127.0.0.1:1/v1/models/m:predict",
                 "ResponseFuncName":"tfResponseFunc"}}""", "${m}");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(tf)).close())
                .hasMessageContaining("TFservingConf.ResponseFuncName").hasMessageContaining("tfservingResponseFunc");
        Path grpcUrl = config("""
                {"Name":"m","Type":"EAS","EasConf":{"Processor":"TFServing","Url":"http://127.0.0.1:8501/v1/models/m"}}""",
                "${m}");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(grpcUrl)).close())
                .hasMessageContaining("EasConf.Url").hasMessageContaining("gRPC").hasMessageContaining("host:port");
    }
}
