package io.recengine.plugin.easyrec;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole engine (RecEngine.start on a temp config) ranking with EasyRec against the in-test EAS
 * server: batches really run concurrently, and RankScore orders the items.
 */
class EasyRecEngineTest {

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

    /** A fresh request each time: the engine owns a request's feature and item maps. */
    private static FeedRequest feed(int n, int size) {
        List<Map<String, Object>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", "i" + i);
            item.put("cate", "c" + (i % 7));
            items.add(item);
        }
        return FeedRequest.builder("u1").size(size).sceneId("feed").features(Map.of("vip", 1L)).itemList(items).build();
    }

    @Test
    void thousandCandidatesInConcurrentBatchesWellUnderTenServiceTimes() throws Exception {
        eas.delayMs = Integer.getInteger("fakeEasDelay", 5);
        try (RecEngine engine = start()) {
            for (int i = 0; i < 150; i++) {
                engine.feed(feed(1000, 10)); // warm-up: JIT and keep-alive connections
            }
            eas.peak.set(0);
            int before = eas.calls.get();
            long best = Long.MAX_VALUE;
            FeedResult n = null;
            for (int i = 0; i < 10; i++) {
                FeedRequest body = feed(1000, 10);
                long t0 = System.nanoTime();
                n = engine.feed(body);
                best = Math.min(best, System.nanoTime() - t0);
            }
            double ms = best / 1e6;
            System.out.printf("feed 1000 candidates, BatchCount 100, EAS 5 ms: best %.1f ms, peak concurrent %d%n",
                    ms, eas.peak.get());
            assertThat(eas.calls.get() - before).isEqualTo(100); // 10 batches x 10 requests
            assertThat(eas.peak.get()).as("concurrent requests at the server").isGreaterThanOrEqualTo(5);
            assertThat(ms).as("well under 10 x 5 ms").isLessThan(35);
            assertThat(n.code()).isEqualTo(200);
            // ctr grows with the id, cvr is constant 0.5 (vip): the highest ids come first
            assertThat(n.items().get(0).id()).isEqualTo("i999");
            assertThat(n.items().get(0).score()).isEqualTo(0.5);
            assertThat(n.items().get(1).id()).isEqualTo("i998");
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
            FeedResult n = engine.feed(feed(200, 200));
            assertThat(n.items()).hasSize(200);
            // batch 1 (i0..i99) failed: its RankScore resolves to 0; batch 2 scored
            assertThat(n.items().get(0).id()).isEqualTo("i199");
            assertThat(n.items().get(199).score()).isEqualTo(0.0);
        }
    }
}
