package io.recengine.core.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded {@code Local} ranker through the whole engine, with the sample model. */
class LocalRankEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            String body = "{\"uid\":\"u1\",\"size\":3,\"scene_id\":\"home\",\"item_list\":["
                    + "{\"item_id\":\"h\",\"cate\":\"hats\",\"price\":10},"
                    + "{\"item_id\":\"s\",\"cate\":\"shoes\",\"price\":10},"
                    + "{\"item_id\":\"n\",\"price\":10}]}";
            JsonNode n = JSON.readTree(engine.feed(body.getBytes(StandardCharsets.UTF_8)).body());
            assertThat(n.get("code").intValue()).isEqualTo(200);
            JsonNode items = n.get("items");
            assertThat(items.get(0).get("item_id").textValue()).isEqualTo("s");
            assertThat(items.get(1).get("item_id").textValue()).isEqualTo("n");
            assertThat(items.get(2).get("item_id").textValue()).isEqualTo("h");
            // sigmoid(-1 + 1.5 + 0.1) * 100
            assertThat(items.get(0).get("score").doubleValue()).isCloseTo(100 / (1 + Math.exp(-0.6)),
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
