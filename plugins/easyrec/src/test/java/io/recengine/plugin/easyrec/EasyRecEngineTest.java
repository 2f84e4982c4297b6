package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole engine (RecEngine.start on a temp config) ranking with EasyRec against the in-test EAS
 * server: batches really run concurrently, and RankScore orders the items.
 */
class EasyRecEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeEas eas = new FakeEas();

    @TempDir
    Path tmp;

    EasyRecEngineTest() throws Exception {
    }

    @AfterEach
    void stop() {
        eas.close();
    }

    private RecEngine start() throws Exception {
        String config = """
                {"SceneConfs":{"feed":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "AlgoConfs":[{"Name":"dbmtl","Type":"EAS","EasConf":{"Processor":"EasyRec","Url":"%s",
                   "Auth":"t","Timeout":200,"RetryTimes":1,"ResponseFuncName":"easyrecMutValResponseFunc"}}],
                 "RankConf":{"feed":{"RankAlgoList":["dbmtl"],"Processor":"EasyRec","BatchCount":100,
                   "ContextFeatures":["cate"],"RankScore":"${dbmtl_probs_ctr} * ${dbmtl_probs_cvr}"}}}
                """.formatted(eas.url());
        Path p = tmp.resolve("config.json");
        Files.writeString(p, config);
        return RecEngine.start(EngineOptions.of(p));
    }

    private static byte[] feed(int n, int size) {
        StringBuilder sb = new StringBuilder("{\"uid\":\"u1\",\"size\":" + size + ",\"scene_id\":\"feed\","
                + "\"features\":{\"vip\":1},\"item_list\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("{\"item_id\":\"i").append(i).append("\",\"cate\":\"c").append(i % 7).append("\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thousandCandidatesInConcurrentBatchesWellUnderTenServiceTimes() throws Exception {
        eas.delayMs = Integer.getInteger("fakeEasDelay", 5);
        try (RecEngine engine = start()) {
            byte[] body = feed(1000, 10);
            for (int i = 0; i < 150; i++) {
                engine.feed(body); // warm-up: JIT and keep-alive connections
            }
            eas.peak.set(0);
            int before = eas.calls.get();
            long best = Long.MAX_VALUE;
            JsonNode n = null;
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                n = JSON.readTree(engine.feed(body).body());
                best = Math.min(best, System.nanoTime() - t0);
            }
            double ms = best / 1e6;
            System.out.printf("feed 1000 candidates, BatchCount 100, EAS 5 ms: best %.1f ms, peak concurrent %d%n",
                    ms, eas.peak.get());
            assertThat(eas.calls.get() - before).isEqualTo(100); // 10 batches x 10 requests
            assertThat(eas.peak.get()).as("concurrent requests at the server").isGreaterThanOrEqualTo(5);
            assertThat(ms).as("well under 10 x 5 ms").isLessThan(35);
            assertThat(n.get("code").intValue()).isEqualTo(200);
            // ctr grows with the id, cvr is constant 0.5 (vip): the highest ids come first
            assertThat(n.get("items").get(0).get("item_id").textValue()).isEqualTo("i999");
            assertThat(n.get("items").get(0).get("score").doubleValue()).isEqualTo(0.5);
            assertThat(n.get("items").get(1).get("item_id").textValue()).isEqualTo("i998");
        }
        assertThat(eas.requests.peek().getItemIdsCount()).isEqualTo(100);
        assertThat(eas.requests.peek().getContextFeaturesMap()).containsKey("cate");
    }

    @Test
    void aFailedBatchLeavesItsItemsUnscoredAndTheRequestGoesOn() throws Exception {
        eas.answer = req -> req.getItemIdsList().contains("i0")
                ? io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse.newBuilder()
                .setStatusCode(io.recengine.plugin.easyrec.proto.PredictProtos.StatusCode.EXCEPTION).build()
                : FakeEas.dbmtl(req);
        try (RecEngine engine = start()) {
            JsonNode n = JSON.readTree(engine.feed(feed(200, 200)).body());
            assertThat(n.get("items")).hasSize(200);
            // batch 1 (i0..i99) failed: its RankScore resolves to 0; batch 2 scored
            assertThat(n.get("items").get(0).get("item_id").textValue()).isEqualTo("i199");
            assertThat(n.get("items").get(199).get("score").doubleValue()).isEqualTo(0.0);
        }
    }
}
