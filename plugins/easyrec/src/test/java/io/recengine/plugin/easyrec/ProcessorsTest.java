package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.plugin.easyrec.proto.PredictProtos;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.TorchRecPBResponse;
import io.recengine.plugin.easyrec.proto.TfPredictProtos;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.PredictRequest;
import io.recengine.plugin.easyrec.proto.TfServingProtos;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xerial.snappy.Snappy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each processor beside EasyRec against its fake server: the real messages both ways, garbage, timeouts, config refusals. */
class ProcessorsTest {

    private static final int GENEROUS_MS = 30_000;

    private final FakeModelServer server = new FakeModelServer();

    ProcessorsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ComponentConfig algo(String type, String block, Map<String, Object> conf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", "m");
        m.put("Type", type);
        m.put(block, conf);
        return ComponentConfig.of("AlgoConfs[0]", m);
    }

    private Ranker eas(RankerFactory f, String processor, String function, int timeout, Map<String, Object> extra) {
        Map<String, Object> eas = new LinkedHashMap<>(Map.of("Processor", processor, "Url", server.url("/api/predict/m"),
                "Auth", "tok", "Timeout", timeout, "RetryTimes", 1));
        if (function != null) {
            eas.put("ResponseFuncName", function);
        }
        eas.putAll(extra);
        return f.create(algo("EAS", "EasConf", eas), TestPluginContext.defaults());
    }

    private static RankRequest request(String... ids) {
        User u = new User("u1");
        u.setProperty("age", 30L);
        u.setProperty("city", "hz");
        List<Item> items = new ArrayList<>();
        for (String id : ids) {
            Item it = new Item(id, "r", 1);
            it.setProperty("n", Integer.parseInt(id.replaceAll("\\D", "")));
            it.setProperty("price", 9.5f);
            items.add(it);
        }
        return new RankRequest(RecContext.builder("req-1").sceneId("feed").build(), u, items, List.of(), null, 0);
    }

    /**
     * Follows PAI-Rec's {@code TestTorchrecMutValResponseFunc} and {@code TestTorchrecMutValResponseFuncDebug}
     * ({@code algorithm/eas/easyrec_predict_test.go}, which need a live EAS): a TorchRecPBResponse read as one
     * score map per requested item, by position, float and double tensors alike; the debug variant adds the
     * generated features.
     */
    @Test
    void torchEasyRecMultiOutputAndDebug() throws Exception {
        server.answer = ModelAnswers::torch;
        List<ItemScores> s = eas(new EasyRecRanker.Factory(), "EasyRec", "torchrecMutValResponseFunc", GENEROUS_MS, Map.of())
                .score(request("i1", "i2"));
        assertThat(s.get(1).scores().get("probs_ctr")).isCloseTo(0.003, within(1e-6));
        assertThat(s.get(1).scores()).containsEntry("probs_cvr", 0.5);
        assertThat(PBRequest.parseFrom(server.last().body()).getItemIdsList()).containsExactly("i1", "i2");
        assertThat(server.last().auth()).isEqualTo("tok");

        s = eas(new EasyRecRanker.Factory(), "EasyRec", "torchrecMutValResponseFuncDebug", GENEROUS_MS, Map.of())
                .score(request("i1", "i2"));
        assertThat(s.get(0).features()).containsEntry("generate_features", "fg_i1").containsEntry("raw_features", "");
    }

    @Test
    void torchEasyRecClassificationNamesEveryClass() {
        server.answer = b -> TorchRecPBResponse.newBuilder().putMapOutputs("probs", PredictProtos.ArrayProto.newBuilder()
                .setDtype(PredictProtos.ArrayDataType.DT_FLOAT)
                .setArrayShape(PredictProtos.ArrayShape.newBuilder().addDim(2).addDim(2))
                .addAllFloatVal(List.of(0.1f, 0.9f, 0.6f, 0.4f)).build()).build().toByteArray();
        List<ItemScores> s = eas(new EasyRecRanker.Factory(), "EasyRec", "torchrecMutClassificationResponseFunc",
                GENEROUS_MS, Map.of()).score(request("i1", "i2"));
        assertThat(s.get(1).scores().get("probs_0")).isCloseTo(0.6, within(1e-6));
        assertThat(s.get(1).scores().get("probs_1")).isCloseTo(0.4, within(1e-6));
        assertThat((List<?>) s.get(0).features().get("m_probs")).hasSize(2);
    }

    @Test
    void tensorFlowSendsTypedColumnsAndReadsBothResponseFunctions() throws Exception {
        server.answer = ModelAnswers::tensorflow;
        List<ItemScores> s = eas(new TensorFlowRanker.Factory(), "TensorFlow", "tfMutValResponseFunc", GENEROUS_MS,
                Map.of("SignatureName", "serving_default", "Outputs", List.of("probs_ctr", "probs_cvr")))
                .score(request("i1", "i2"));
        assertThat(s.get(0).scores().get("probs_ctr")).isCloseTo(0.002, within(1e-6));
        assertThat(s.get(0).scores().get("probs_cvr")).isEqualTo(0.5);
        PredictRequest req = PredictRequest.parseFrom(server.last().body());
        assertThat(req.getSignatureName()).isEqualTo("serving_default");
        assertThat(req.getOutputFilterList()).containsExactly("probs_ctr", "probs_cvr");
        assertThat(req.getInputsOrThrow("n").getIntValList()).containsExactly(1, 2);
        assertThat(req.getInputsOrThrow("age").getDtype()).isEqualTo(TfPredictProtos.ArrayDataType.DT_INT64);
        assertThat(req.getInputsOrThrow("price").getFloatValList()).containsExactly(9.5f, 9.5f);
        assertThat(req.getInputsOrThrow("city").getStringVal(1).toStringUtf8()).isEqualTo("hz");

        // tfResponseFunc: one score per item, from the first of Outputs
        s = eas(new TensorFlowRanker.Factory(), "TensorFlow", "tfResponseFunc", GENEROUS_MS,
                Map.of("Outputs", List.of("probs_cvr"))).score(request("i1", "i2"));
        assertThat(s.get(1).isSingle()).isTrue();
        assertThat(s.get(1).single()).isEqualTo(0.5);
    }

    @Test
    void tfServingRestPostsJsonColumnsAndFlattensOutputs() throws Exception {
        server.answer = ModelAnswers::tfServing;
        Ranker r = new TfServingRanker.Factory().create(algo("TFSERVING", "TFservingConf", Map.of(
                "Url", server.url("/v1/models/m:predict"), "SignatureName", "serving_default", "Timeout", GENEROUS_MS)),
                TestPluginContext.defaults());
        List<ItemScores> s = r.score(request("i1", "i2", "i3"));
        assertThat(s).extracting(ItemScores::single).containsExactly(0.002, 0.003, 0.004);
        JsonNode req = ModelAnswers.JSON.readTree(server.last().body());
        assertThat(req.get("signature_name").asText()).isEqualTo("serving_default");
        assertThat(req.get("inputs").get("city").get(2).asText()).isEqualTo("hz");
        assertThat(req.has("output_filter")).isFalse();
        assertThat(server.last().auth()).isNull();
    }

    @Test
    void alinkFmPostsASnappyJsonArrayAndReadsPredictions() throws Exception {
        server.answer = ModelAnswers::alinkFm;
        List<ItemScores> s = eas(new AlinkFmRanker.Factory(), "ALINK_FM", null, GENEROUS_MS, Map.of()).score(request("i1", "i2"));
        assertThat(s.get(1).single()).isCloseTo(0.003, within(1e-12));
        JsonNode rows = ModelAnswers.JSON.readTree(Snappy.uncompress(server.last().body()));
        assertThat(rows.get(0).get("city").asText()).isEqualTo("hz");
        assertThat(rows.get(1).get("n").asInt()).isEqualTo(2);
        // predicted class 0: the score is 1 - prediction_score
        server.answer = b -> "[{\"prediction_result\":0,\"prediction_score\":0.8}]".getBytes(StandardCharsets.UTF_8);
        assertThat(eas(new AlinkFmRanker.Factory(), "ALINK_FM", null, GENEROUS_MS, Map.of()).score(request("i1"))
                .get(0).single()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void linucbScoresById() throws Exception {
        server.answer = ModelAnswers::linucb;
        List<ItemScores> s = eas(new LinucbRanker.Factory(), "Linucb", null, GENEROUS_MS, Map.of()).score(request("i1", "i7"));
        assertThat(s).extracting(ItemScores::single).containsExactly(0.002, 0.008);
        JsonNode req = ModelAnswers.JSON.readTree(server.last().body());
        assertThat(req.get("scene").asText()).isEqualTo("feed");
        assertThat(req.get("user_id").asText()).isEqualTo("u1");
        assertThat(req.get("limit").asInt()).isEqualTo(2);
        assertThat(req.get("item_features").get(1).get("n").asInt()).isEqualTo(7);
        server.answer = b -> "{\"error_code\":3,\"error_message\":\"no model\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> eas(new LinucbRanker.Factory(), "Linucb", null, GENEROUS_MS, Map.of()).score(request("i1")))
                .isInstanceOf(ComponentException.class).hasMessageContaining("Linucb error 3: no model");
    }

    @Test
    void garbageAnswersFailTheBatchAsADependency() {
        server.answer = b -> "<html>busy</html>".getBytes(StandardCharsets.UTF_8);
        List<Ranker> rankers = List.of(
                eas(new EasyRecRanker.Factory(), "EasyRec", "torchrecMutValResponseFunc", GENEROUS_MS, Map.of()),
                eas(new TensorFlowRanker.Factory(), "TensorFlow", null, GENEROUS_MS, Map.of()),
                eas(new AlinkFmRanker.Factory(), "ALINK_FM", null, GENEROUS_MS, Map.of()),
                eas(new LinucbRanker.Factory(), "Linucb", null, GENEROUS_MS, Map.of()),
                new TfServingRanker.Factory().create(algo("TFSERVING", "TFservingConf",
                        Map.of("Url", server.url("/v1/models/m:predict"), "Timeout", GENEROUS_MS)), TestPluginContext.defaults()));
        for (Ranker r : rankers) {
            assertThatThrownBy(() -> r.score(request("i1", "i2"))).as(r.getClass().getSimpleName())
                    .isInstanceOfSatisfying(ComponentException.class,
                            e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.DEPENDENCY));
        }
        // a well-formed answer with too few values is garbage too
        server.answer = b -> "{\"outputs\":[[0.1]]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rankers.get(4).score(request("i1", "i2"))).hasMessageContaining("1 scores for 2 items");
    }

    @Test
    @Timeout(60) // a guard: without the client timeout the call would wait for the held reply forever
    void aReplyPastTheTimeoutIsATimeout() {
        CountDownLatch reply = new CountDownLatch(1);
        server.hold = reply;
        try {
            Ranker r = eas(new TensorFlowRanker.Factory(), "TensorFlow", null, 50, Map.of());
            assertThatThrownBy(() -> r.score(request("i1"))).isInstanceOfSatisfying(ComponentException.class,
                    e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.TIMEOUT));
            assertThat(reply.getCount()).isEqualTo(1);
        } finally {
            reply.countDown();
        }
    }

    private static List<String> problems(RankerFactory f, ComponentConfig c) {
        return f.check(c).stream().map(e -> e.key() + ": " + e.getMessage()).toList();
    }

    @Test
    void unknownAndEmbeddingResponseFunctionsAreRefusedNamingTheKey() {
        Map<String, Object> base = Map.of("Url", "http://h/api/predict/s");
        Map<String, Object> torch = new LinkedHashMap<>(base);
        torch.put("Processor", "EasyRec");
        torch.put("ResponseFuncName", "torchrecEmbeddingResponseFunc");
        assertThat(problems(new EasyRecRanker.Factory(), algo("EAS", "EasConf", torch))).singleElement()
                .asString().startsWith("EasConf.ResponseFuncName").contains("embedding").contains("torchrecMutValResponseFunc");
        Map<String, Object> tf = new LinkedHashMap<>(base);
        tf.put("ResponseFuncName", "tfNope");
        assertThat(problems(new TensorFlowRanker.Factory(), algo("EAS", "EasConf", tf))).singleElement()
                .asString().startsWith("EasConf.ResponseFuncName").contains("tfNope").contains("tfMutValResponseFunc");
        tf.put("ResponseFuncName", "tfUseEmbResponseFunc");
        assertThat(problems(new TensorFlowRanker.Factory(), algo("EAS", "EasConf", tf))).singleElement()
                .asString().contains("embedding");
        assertThat(problems(new TfServingRanker.Factory(), algo("TFSERVING", "TFservingConf", tf))).singleElement()
                .asString().startsWith("TFservingConf.ResponseFuncName").contains("tfservingResponseFunc");
        assertThat(problems(new AlinkFmRanker.Factory(), algo("EAS", "EasConf", tf))).singleElement()
                .asString().contains("alinkFMResponseFunc");
        assertThat(problems(new LinucbRanker.Factory(), algo("EAS", "EasConf", tf))).singleElement()
                .asString().contains("leave it empty");
        assertThat(problems(new TfServingRanker.Factory(), algo("TFSERVING", "TFservingConf", Map.of())))
                .singleElement().asString().startsWith("TFservingConf.Url");
        // the gRPC processor needs a gRPC target and knows only PAI-Rec's tfServingResponseFunc
        assertThat(problems(new TfServingGrpcRanker.Factory(), algo("EAS", "EasConf",
                Map.of("Processor", "TFServing", "Url", "http://127.0.0.1:8500/v1/models/m:predict")))).singleElement()
                .asString().startsWith("EasConf.Url").contains("gRPC").contains("host:port");
        assertThat(problems(new TfServingGrpcRanker.Factory(), algo("EAS", "EasConf", Map.of("Processor", "TFServing"))))
                .singleElement().asString().startsWith("EasConf.Url").contains("required");
        assertThat(problems(new TfServingGrpcRanker.Factory(), algo("EAS", "EasConf",
                Map.of("Processor", "TFServing", "Url", "127.0.0.1")))).singleElement()
                .asString().startsWith("EasConf.Url").contains("host:port");
        assertThat(problems(new TfServingGrpcRanker.Factory(), algo("EAS", "EasConf",
                Map.of("Processor", "TFServing", "Url", "127.0.0.1:8500", "ResponseFuncName", "tfResponseFunc"))))
                .singleElement().asString().startsWith("EasConf.ResponseFuncName").contains("tfServingResponseFunc");
        assertThat(problems(new TfServingGrpcRanker.Factory(), algo("EAS", "EasConf",
                Map.of("Processor", "TFServing", "Url", "dns:///tf.example:8500")))).isEmpty();
    }

    /**
     * The embedding response functions of PAI-Rec's {@code algorithm/eas/client.go}: each refused for a rank
     * algo, the message naming what PAI-Rec does with the answer (the recall, trigger or API that reads it).
     */
    @Test
    void everyEmbeddingResponseFunctionIsRefusedSayingWhatPaiRecDoesWithIt() {
        Map<String, String> readBy = Map.of(
                "easyrecUserEmbResponseFunc", "OnlineHologresVectorRecall",
                "easyrecUserRealtimeEmbeddingResponseFunc", "UserRealtimeEmbeddingTrigger",
                "easyrecUserRealtimeEmbeddingMindResponseFunc", "UserRealtimeEmbeddingMindTrigger",
                "torchrecEmbeddingResponseFunc", "/api/embedding",
                "torchrecEmbeddingItemsResponseFunc", "OnlineVectorRecall",
                "torchrecEmbeddingItemsResponseFuncDebug", "OnlineVectorRecall");
        assertThat(PBResponses.EMBEDDING_FUNCTIONS).containsOnlyKeys(readBy.keySet());
        for (Map.Entry<String, String> e : readBy.entrySet()) {
            Map<String, Object> conf = Map.of("Processor", "EasyRec", "Url", "http://h/api/predict/s",
                    "ResponseFuncName", e.getKey());
            assertThat(problems(new EasyRecRanker.Factory(), algo("EAS", "EasConf", conf))).singleElement().asString()
                    .startsWith("EasConf.ResponseFuncName").contains(e.getKey()).contains(e.getValue())
                    .contains("no score per item").contains("easyrecResponseFunc");
        }
        Map<String, Object> tf = Map.of("Url", "http://h/api/predict/s", "ResponseFuncName", "tfUseEmbResponseFunc");
        assertThat(problems(new TensorFlowRanker.Factory(), algo("EAS", "EasConf", tf))).singleElement().asString()
                .contains("no PAI-Rec module reads").contains("no score per item").contains("tfResponseFunc");
    }

    private static Ranker tfServingGrpc(FakeGrpcServer grpc, int timeout, int attempts, Map<String, Object> extra) {
        Map<String, Object> eas = new LinkedHashMap<>(Map.of("Processor", "TFServing", "Url", grpc.url(""),
                "Timeout", timeout, "RetryTimes", attempts));
        eas.putAll(extra);
        return new TfServingGrpcRanker.Factory().create(algo("EAS", "EasConf", eas), TestPluginContext.defaults());
    }

    @Test
    void tfServingGrpcSendsAPredictRequestAndScoresOneOutput() throws Exception {
        try (FakeGrpcServer grpc = new FakeGrpcServer();
             Ranker r = tfServingGrpc(grpc, GENEROUS_MS, 1, Map.of("Auth", "tok", "ModelName", "ctr_model",
                     "SignatureName", "serving_default", "Outputs", List.of("probs_ctr")))) {
            grpc.answer = ModelAnswers::tfServingGrpc;
            List<ItemScores> s = r.score(request("i1", "i2"));
            assertThat(s.get(0).single()).isCloseTo(0.002, within(1e-6));
            assertThat(s.get(1).single()).isCloseTo(0.003, within(1e-6));
            TfServingProtos.PredictRequest req = TfServingProtos.PredictRequest.parseFrom(grpc.last().body());
            assertThat(req.getModelSpec().getName()).isEqualTo("ctr_model");
            assertThat(req.getModelSpec().getSignatureName()).isEqualTo("serving_default");
            assertThat(req.getOutputFilterList()).containsExactly("probs_ctr");
            assertThat(req.getInputsOrThrow("n").getDtype()).isEqualTo(TfPredictProtos.ArrayDataType.DT_INT32);
            assertThat(req.getInputsOrThrow("n").getIntValList()).containsExactly(1, 2);
            assertThat(req.getInputsOrThrow("n").getTensorShape().getDimList())
                    .extracting(TfServingProtos.TensorShapeProto.Dim::getSize).containsExactly(2L);
            assertThat(req.getInputsOrThrow("age").getDtype()).isEqualTo(TfPredictProtos.ArrayDataType.DT_INT64);
            assertThat(req.getInputsOrThrow("age").getInt64ValList()).containsExactly(30L, 30L);
            assertThat(req.getInputsOrThrow("price").getFloatValList()).containsExactly(9.5f, 9.5f);
            assertThat(req.getInputsOrThrow("city").getDtype()).isEqualTo(TfPredictProtos.ArrayDataType.DT_STRING);
            assertThat(req.getInputsOrThrow("city").getStringVal(1).toStringUtf8()).isEqualTo("hz");
            assertThat(grpc.last().auth()).isEqualTo("tok");
        }
        // no Outputs: both come back, and the first by name scores (PAI-Rec: whichever its map yields first)
        try (FakeGrpcServer grpc = new FakeGrpcServer(); Ranker r = tfServingGrpc(grpc, GENEROUS_MS, 1, Map.of())) {
            grpc.answer = ModelAnswers::tfServingGrpc;
            assertThat(r.score(request("i4")).get(0).single()).isCloseTo(0.005, within(1e-6));
            assertThat(grpc.last().auth()).isNull();
        }
        // Outputs naming the second one: it scores
        try (FakeGrpcServer grpc = new FakeGrpcServer();
             Ranker r = tfServingGrpc(grpc, GENEROUS_MS, 1, Map.of("Outputs", List.of("probs_cvr")))) {
            grpc.answer = ModelAnswers::tfServingGrpc;
            assertThat(r.score(request("i4"))).extracting(ItemScores::single).containsExactly(0.5);
        }
    }

    /**
     * Follows PAI-Rec's {@code TestGrpcRequest} ({@code pkg/tensorflow_serving/apis/predict_test.go}, which
     * calls a live EAS service): model {@code saved_model_half_plus_two_cpu}, signature
     * {@code serving_default}, float input {@code x} = [1, 3, 8] of shape [3], the token as
     * {@code Authorization} metadata; here against an in-test server computing that model, y = x / 2 + 2.
     */
    @Test
    void followsPaiRecTestGrpcRequest() throws Exception {
        String token = "ZTJjMjAzZjJjMDY3Y2FjMGE5ODIzZGQzODg4YjYwNWQwOTU4NTk2Mw==";
        try (FakeGrpcServer grpc = new FakeGrpcServer();
             Ranker r = tfServingGrpc(grpc, GENEROUS_MS, 1, Map.of("Auth", token,
                     "ModelName", "saved_model_half_plus_two_cpu", "SignatureName", "serving_default"))) {
            grpc.answer = ModelAnswers::halfPlusTwo;
            List<Item> items = new ArrayList<>();
            for (float x : new float[] {1, 3, 8}) {
                Item it = new Item("x" + (int) x, "r", 1);
                it.setProperty("x", x);
                items.add(it);
            }
            List<ItemScores> s = r.score(new RankRequest(RecContext.builder("req-1").sceneId("feed").build(),
                    new User("u1"), items, List.of(), null, 0));
            assertThat(s).extracting(ItemScores::single).containsExactly(2.5, 3.5, 6.0);
            TfServingProtos.PredictRequest req = TfServingProtos.PredictRequest.parseFrom(grpc.last().body());
            assertThat(req.getModelSpec().getName()).isEqualTo("saved_model_half_plus_two_cpu");
            assertThat(req.getModelSpec().getSignatureName()).isEqualTo("serving_default");
            assertThat(req.getInputsMap()).containsKey("x"); // beside the user's own features (uid)
            assertThat(req.getInputsOrThrow("x").getDtype()).isEqualTo(TfPredictProtos.ArrayDataType.DT_FLOAT);
            assertThat(req.getInputsOrThrow("x").getFloatValList()).containsExactly(1f, 3f, 8f);
            assertThat(req.getInputsOrThrow("x").getTensorShape().getDim(0).getSize()).isEqualTo(3);
            assertThat(grpc.last().auth()).isEqualTo(token);
        }
    }

    @Test
    void tfServingGrpcFailuresAreDependencyFailuresAfterEveryAttempt() throws Exception {
        try (FakeGrpcServer grpc = new FakeGrpcServer(); Ranker r = tfServingGrpc(grpc, GENEROUS_MS, 2, Map.of())) {
            grpc.answer = b -> "<html>busy</html>".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> r.score(request("i1", "i2"))).isInstanceOfSatisfying(ComponentException.class,
                    e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.DEPENDENCY));
            assertThat(grpc.count).hasValue(2);
            // a well-formed answer with too few values is garbage too
            grpc.answer = b -> TfServingProtos.PredictResponse.newBuilder().putOutputs("y", TfServingProtos.TensorProto
                    .newBuilder().setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT).addFloatVal(0.1f).build()).build().toByteArray();
            assertThatThrownBy(() -> r.score(request("i1", "i2"))).isInstanceOf(ComponentException.class)
                    .hasMessageContaining("1 float_val values for 2 items");
            grpc.answer = b -> TfServingProtos.PredictResponse.getDefaultInstance().toByteArray();
            assertThatThrownBy(() -> r.score(request("i1"))).hasMessageContaining("no outputs");
            grpc.httpStatus = 503;
            grpc.count.set(0);
            assertThatThrownBy(() -> r.score(request("i1"))).isInstanceOfSatisfying(ComponentException.class,
                    e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.DEPENDENCY))
                    .hasMessageContaining("UNAVAILABLE");
            assertThat(grpc.count).hasValue(2);
        }
    }

    @Test
    @Timeout(60) // a guard: without the deadline the call would wait for the held reply forever
    void aTfServingGrpcReplyPastTheDeadlineIsATimeout() throws Exception {
        CountDownLatch reply = new CountDownLatch(1);
        try (FakeGrpcServer grpc = new FakeGrpcServer(); Ranker r = tfServingGrpc(grpc, 50, 1, Map.of())) {
            grpc.hold = reply;
            assertThatThrownBy(() -> r.score(request("i1"))).isInstanceOfSatisfying(ComponentException.class,
                    e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.TIMEOUT));
            assertThat(reply.getCount()).isEqualTo(1);
        } finally {
            reply.countDown();
        }
    }
}
