package io.recengine.plugin.easyrec;

import io.recengine.plugin.easyrec.proto.PredictProtos.ArrayProto;
import io.recengine.plugin.easyrec.proto.PredictProtos.ArrayShape;
import io.recengine.plugin.easyrec.proto.PredictProtos.ContextFeatures;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBFeature;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.plugin.easyrec.proto.PredictProtos.Results;
import io.recengine.plugin.easyrec.proto.PredictProtos.StatusCode;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EasyRecRankerTest {

    /** Far above any service time: only the timeout test is about timeouts; the others must not depend on load. */
    private static final int GENEROUS_MS = 30_000;

    private final FakeEas eas = new FakeEas();

    EasyRecRankerTest() throws Exception {
    }

    @AfterEach
    void stop() {
        eas.close();
    }

    static final PluginContext CTX = TestPluginContext.defaults();

    private Ranker ranker(String func, int timeout, int retries) {
        Map<String, Object> eas = new LinkedHashMap<>();
        eas.put("Processor", "EasyRec");
        eas.put("Url", this.eas.url());
        eas.put("Auth", "token-123");
        eas.put("ResponseFuncName", func);
        eas.put("Timeout", timeout);
        eas.put("RetryTimes", retries);
        return new EasyRecRanker.Factory().create(ComponentConfig.of("AlgoConfs[0]",
                Map.of("Name", "dbmtl", "Type", "EAS", "EasConf", eas)), CTX);
    }

    private static RankRequest request(int debugLevel, List<String> itemFeatures, String... ids) {
        User u = new User("u1");
        u.setProperty("vip", 1);
        u.setProperty("age_l", 12345678901L);
        u.setProperty("tags", List.of("a", "b"));
        u.setProperty("weights", Map.of("k", 0.5));
        u.setProperty("flag", Boolean.TRUE); // no encoding: dropped, as PAI-Rec
        List<Item> items = new java.util.ArrayList<>();
        for (String id : ids) {
            Item it = new Item(id, "r", 1);
            it.setProperty("cate", "c" + id);
            it.setProperty("price", 9.5);
            items.add(it);
        }
        items.get(0).setProperty("extra", 3);
        return new RankRequest(RecContext.builder("req-9").debug(debugLevel == 100).build(), u, items,
                List.of("cate"), itemFeatures, debugLevel);
    }

    @Test
    void multiOutputScoresAndTheRealRequestOnTheWire() {
        List<ItemScores> s = ranker("easyrecMutValResponseFunc", GENEROUS_MS, 1)
                .score(request(100, List.of("*"), "i1", "i2"));
        assertThat(s.get(0).scores()).containsEntry("probs_ctr", 0.002).containsEntry("probs_cvr", 0.5);
        assertThat(s.get(1).scores().get("probs_ctr")).isCloseTo(0.003, within(1e-12));
        PBRequest req = eas.requests.peek();
        assertThat(eas.auths.peek()).isEqualTo("token-123");
        assertThat(req.getItemIdsList()).containsExactly("i1", "i2");
        assertThat(req.getDebugLevel()).isEqualTo(100);
        assertThat(req.getMetaDataMap()).containsEntry("request_id", "req-9");
        assertThat(req.getUserFeaturesMap().get("vip").getIntFeature()).isEqualTo(1);
        assertThat(req.getUserFeaturesMap().get("age_l").getLongFeature()).isEqualTo(12345678901L);
        assertThat(req.getUserFeaturesMap().get("tags").getStringList().getFeaturesList()).containsExactly("a", "b");
        assertThat(req.getUserFeaturesMap().get("weights").getStringDoubleMap().getMapFieldMap()).containsEntry("k", 0.5);
        assertThat(req.getUserFeaturesMap()).containsKey("uid").doesNotContainKey("flag");
        assertThat(req.getContextFeaturesMap().get("cate").getFeaturesList()).extracting(PBFeature::getStringFeature)
                .containsExactly("ci1", "ci2");
        // ItemFeatures ["*"]: the first item's properties minus context features, typed from it
        assertThat(req.getItemFeaturesMap().keySet()).containsExactlyInAnyOrder("price", "extra");
        assertThat(req.getItemFeaturesMap().get("extra").getFeaturesList()).extracting(PBFeature::getIntFeature)
                .containsExactly(3, 0);
        assertThat(req.getItemFeaturesMap().get("price").getFeatures(1).getDoubleFeature()).isEqualTo(9.5);
    }

    @Test
    void missingIdsScoreZeroAndNonOkStatusFails() {
        eas.answer = r -> PBResponse.newBuilder().putResults("i1", Results.newBuilder().addScores(0.7).build()).build();
        List<ItemScores> s = ranker("easyrecResponseFunc", GENEROUS_MS, 1).score(request(0, null, "i1", "i2"));
        assertThat(s.get(0).scores()).containsEntry("", 0.7);
        assertThat(s.get(1).scores()).containsEntry("", 0.0);
        assertThat(eas.requests.peek().getItemFeaturesCount()).isZero();
        assertThat(eas.requests.peek().getMetaDataCount()).isZero();

        eas.answer = r -> PBResponse.newBuilder().setStatusCode(StatusCode.EXCEPTION).setErrorMsg("model broke").build();
        assertThatThrownBy(() -> ranker("easyrecResponseFunc", GENEROUS_MS, 1).score(request(0, null, "i1")))
                .isInstanceOf(ComponentException.class).hasMessage("EasyRec status EXCEPTION: model broke");

        eas.answer = r -> PBResponse.newBuilder().addOutputs("a").addOutputs("b")
                .putResults("i1", Results.newBuilder().addScores(1).build()).build();
        assertThatThrownBy(() -> ranker("easyrecMutValResponseFunc", GENEROUS_MS, 1).score(request(0, null, "i1")))
                .hasMessageContaining("outputs size is not equal scores");
    }

    @Test
    void http401And500AreRetriedThenFail() {
        eas.httpStatus = 401;
        assertThatThrownBy(() -> ranker("easyrecResponseFunc", GENEROUS_MS, 2).score(request(0, null, "i1")))
                .isInstanceOf(ComponentException.class).hasMessage("EAS answered HTTP 401: status 401");
        assertThat(eas.calls.get()).isEqualTo(2);
        eas.httpStatus = 500;
        assertThatThrownBy(() -> ranker("easyrecResponseFunc", GENEROUS_MS, 3).score(request(0, null, "i1")))
                .hasMessageContaining("HTTP 500");
        assertThat(eas.calls.get()).isEqualTo(5);
    }

    @Test
    @Timeout(60) // a guard: without the EAS timeout the call would wait for the held reply forever
    void slowReplyPastTheTimeoutIsATimeout() {
        Ranker r = ranker("easyrecResponseFunc", 50, 2);
        CountDownLatch reply = new CountDownLatch(1);
        eas.hold = reply;
        try {
            // EAS answers only after the call returned: returning at all proves the 50 ms timeout fired
            assertThatThrownBy(() -> r.score(request(0, null, "i1")))
                    .isInstanceOfSatisfying(ComponentException.class,
                            e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.TIMEOUT));
            assertThat(reply.getCount()).isEqualTo(1);
        } finally {
            reply.countDown();
        }
    }

    @Test
    void debugVariantsReturnFeaturesAndClassificationReadsTfOutputs() {
        eas.answer = r -> PBResponse.newBuilder().addOutputs("probs_ctr")
                .putResults("i1", Results.newBuilder().addScores(0.3).build())
                .putGenerateFeatures("i1", "f1:1\u0002f2:2").putRawFeatures("i1", "raw")
                .putContextFeatures("i1", ContextFeatures.newBuilder()
                        .addFeatures(PBFeature.newBuilder().setStringFeature("x")).addFeatures(PBFeature.newBuilder().setIntFeature(2)).build())
                .build();
        List<ItemScores> s = ranker("easyrecMutValResponseFuncDebug", GENEROUS_MS, 1).score(request(3, null, "i1", "i2"));
        assertThat(s.get(0).scores()).containsEntry("probs_ctr", 0.3);
        assertThat(s.get(0).features()).containsEntry("generate_features", "f1:1\u0002f2:2")
                .containsEntry("raw_features", "raw").containsEntry("context_features", "[\"x\",2]");
        assertThat(s.get(1).features()).containsEntry("generate_features", "");

        eas.answer = r -> PBResponse.newBuilder()
                .putTfOutputs("probs", ArrayProto.newBuilder().setArrayShape(ArrayShape.newBuilder().addDim(2).addDim(3))
                        .addAllFloatVal(List.of(0.1f, 0.2f, 0.7f, 0.5f, 0.25f, 0.25f)).build())
                .putTfOutputs("ctr", ArrayProto.newBuilder().setArrayShape(ArrayShape.newBuilder().addDim(2))
                        .addAllFloatVal(List.of(0.9f, 0.8f)).build())
                .build();
        s = ranker("easyrecMutClassificationResponseFunc", GENEROUS_MS, 1).score(request(0, null, "i1", "i2"));
        assertThat(s.get(1).scores().get("ctr")).isCloseTo(0.8, within(1e-6));
        assertThat(s.get(1).scores().get("probs_2")).isCloseTo(0.25, within(1e-6));
        assertThat((List<?>) s.get(0).features().get("dbmtl_probs")).hasSize(3);
    }

    @Test
    void configProblemsNameTheKey() {
        EasyRecRanker.Factory f = new EasyRecRanker.Factory();
        assertThat(f.check(ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "m", "Type", "EAS",
                "EasConf", Map.of("Processor", "EasyRec", "Url", "http://h/api/predict/s", "ResponseFuncName", "nope")))))
                .extracting(ConfigException::key).containsExactly("EasConf.ResponseFuncName");
        assertThat(f.check(ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "m", "Type", "EAS",
                "EasConf", Map.of("Processor", "EasyRec"))))).extracting(ConfigException::key).containsExactly("EasConf.Url");
    }
}
