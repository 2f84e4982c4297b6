package io.recengine.core.rank;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded {@code Local} ranker through the whole engine, with the sample model. */
class LocalRankEndToEndTest {

    @TempDir
    Path tmp;

    private Path config(String rankScore) throws Exception {
        Files.createDirectories(tmp.resolve("models"));
        Files.copy(Path.of("..", "config-samples", "models", "ctr_lr.json"), tmp.resolve("models/ctr_lr.json"));
        String json = """
                {"SceneConfs":{"home":{"default":{"RecallNames":["ContextItemRecall"]}}},
                 "AlgoConfs":[{"Name":"ctr","Type":"Local","LocalConf":{"ModelPath":"models/ctr_lr.json"}}],
                 "RankConf":{"home":{"RankAlgoList":["ctr"],"RankScore":"%s"}}}
                """.formatted(rankScore);
        Path p = tmp.resolve("config.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void localModelScoresAndRankScoreOrders() throws Exception {
        try (RecEngine engine = RecEngine.start(EngineOptions.of(config("${ctr} * 100")))) {
            FeedResult r = engine.feed(FeedRequest.builder("u1").size(3).sceneId("home").itemList(List.of(
                    Map.of("item_id", "h", "cate", "hats", "price", 10L),
                    Map.of("item_id", "s", "cate", "shoes", "price", 10L),
                    Map.of("item_id", "n", "price", 10L))).build());
            assertThat(r.code()).isEqualTo(200);
            List<Item> items = r.items();
            assertThat(items.get(0).id()).isEqualTo("s");
            assertThat(items.get(1).id()).isEqualTo("n");
            assertThat(items.get(2).id()).isEqualTo("h");
            // sigmoid(-1 + 1.5 + 0.1) * 100
            assertThat(items.get(0).score()).isCloseTo(100 / (1 + Math.exp(-0.6)),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void badRankScoreFailsStartNamingTheKey() throws Exception {
        Path p = config("${ctr} * (2");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(p))).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("RankConf.home, key RankScore: invalid expression: unclosed '('");
    }

    @Test
    void modelNotMatchingItsFeaturesFailsStart() throws Exception {
        Path p = config("${ctr}");
        Files.writeString(tmp.resolve("models/ctr_lr.json"), "{\"format\":\"recengine-model\",\"version\":1,"
                + "\"type\":\"lr\",\"buckets\":4,\"features\":[{\"name\":\"a\",\"side\":\"item\"}],\"weights\":[1,2]}");
        assertThatThrownBy(() -> RecEngine.start(EngineOptions.of(p))).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("key LocalConf.ModelPath: model models/ctr_lr.json is invalid: \"weights\" has 2 "
                        + "values but the declared \"buckets\" (4) needs 4");
    }
}
