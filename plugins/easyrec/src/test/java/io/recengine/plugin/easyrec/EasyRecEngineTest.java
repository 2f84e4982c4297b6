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

    /**
     * Timeouts far above any service time: these tests are about batches and failed batches, and must not
     * depend on how loaded the machine is (timeouts are {@code EasyRecRankerTest}'s subject).
     */
    private RecEngine start() throws Exception {
        String config = """
                {"EngineConf":{"RequestTimeout":60000},
                 "SceneConfs":{"feed":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "AlgoConfs":[{"Name":"dbmtl","Type":"EAS","EasConf":{"Processor":"EasyRec","Url":"%s",
                   "Auth":"t","Timeout":30000,"RetryTimes":1,"ResponseFuncName":"easyrecMutValResponseFunc"}}],
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
    void thousandCandidatesGoToTheServerInConcurrentBatches() throws Exception {
        // each call held 50 ms at the server: the batches of one feed overlap there even on a loaded machine
        eas.delayMs = Integer.getInteger("fakeEasDelay", 50);
        try (RecEngine engine = start()) {
            for (int i = 0; i < 20; i++) {
                engine.feed(feed(1000, 10)); // warm-up: JIT and keep-alive connections
            }
            eas.peak.set(0);
            int before = eas.calls.get();
            FeedResult n = null;
            for (int i = 0; i < 10; i++) {
                n = engine.feed(feed(1000, 10));
            }
            assertThat(eas.calls.get() - before).isEqualTo(100); // 10 batches x 10 requests
            assertThat(eas.peak.get()).as("concurrent requests at the server").isGreaterThanOrEqualTo(5);
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
