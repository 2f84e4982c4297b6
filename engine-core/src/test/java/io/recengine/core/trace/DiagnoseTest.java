package io.recengine.core.trace;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.Diagnosis;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RecEngine#diagnose} through a real scene pipeline: the trace accounts for every candidate. */
class DiagnoseTest {

    @TempDir
    Path tmp;
    private RecEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRecalledCandidateIsRemovedTruncatedOrReturned() throws IOException {
        Path cfg = tmp.resolve("diag.json");
        Files.writeString(cfg, """
                {"RecallConfs":[{"Name":"again","RecallType":"ContextItemRecall"}],
                 "FilterNames":{"home":["UniqueFilter"]},
                 "SortNames":{"home":["ItemRankScore"]},
                 "SceneConfs":{"home":{"default":{"RecallNames":["ContextItemRecall","again"]}}},
                 "EngineConf":{"DiagnoseRecentRequests":5,"RecallTimeout":60000,"RequestTimeout":0}}
                """);
        engine = RecEngine.start(EngineOptions.of(cfg));
        FeedRequest req = FeedRequest.builder("u1").size(2).sceneId("home").itemList(List.of(
                Map.of("item_id", "a", "score", 0.1), Map.of("item_id", "b", "score", 0.9),
                Map.of("item_id", "a", "score", 0.5), Map.of("item_id", "c", "score", 0.3))).build();

        Diagnosis d = engine.diagnose(req);

        FeedResult r = d.result();
        assertThat(r.code()).isEqualTo(FeedResult.OK);
        assertThat(r.items()).extracting(Item::id).containsExactly("b", "c");
        assertThat(r.logs()).as("the page's run has the debug log").isNotEmpty();
        Map<String, Object> accounting = (Map<String, Object>) d.trace().get("accounting");
        assertThat(accounting).containsEntry("recalled", 8).containsEntry("removed_by_filters", 5)
                .containsEntry("truncated", 1).containsEntry("returned", 2).containsEntry("balanced", true);
        List<Map<String, Object>> stages = (List<Map<String, Object>>) d.trace().get("stages");
        assertThat(stages).extracting(s -> s.get("stage")).containsSubsequence("recall", "filter", "sort", "truncate");
        List<Map<String, Object>> recalls = (List<Map<String, Object>>) stages.get(1).get("recalls");
        assertThat(recalls).extracting(x -> x.get("name")).containsExactlyInAnyOrder("ContextItemRecall", "again");
        assertThat(engine.settings().diagnoseRecentRequests()).isEqualTo(5);
        assertThat(engine.sceneCategories()).containsEntry("home", List.of("default"));

        // the same request through the normal route: same answer, no trace
        FeedResult plain = engine.feed(req);
        assertThat(plain.items()).extracting(Item::id).containsExactlyElementsOf(r.items().stream().map(Item::id).toList());
    }
}
