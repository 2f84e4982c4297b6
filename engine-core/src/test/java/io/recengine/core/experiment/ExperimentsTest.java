package io.recengine.core.experiment;

import io.recengine.core.config.ConfigValidationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExperimentsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:15:00Z"), ZoneOffset.UTC);

    /** Room 2 (normal, uid-hash buckets 0-100 of 100) over base room 1; layer "rank" with two groups. */
    private static final String FILE = """
            {"scenes": [{"scene_name": "home_feed", "experiment_rooms": [
              {"exp_room_id": 1, "type": 1, "layers": [
                {"layer_id": 9, "layer_name": "base", "experiment_groups": [
                  {"exp_group_id": 90, "crowd_target_type": "All", "exp_group_config": "{\\"rankscore\\": \\"${ctr}\\"}",
                   "experiments": [{"experiment_id": 900, "type": 1, "experiment_flow": 100, "experiment_config": {"k": 1}}]}]}]},
              {"exp_room_id": 2, "type": 2, "bucket_type": 2, "bucket_count": 100, "exp_room_buckets": "0-100",
               "layers": [
                {"layer_id": 1, "layer_name": "recall", "experiment_groups": [
                  {"exp_group_id": 11, "crowd_target_type": "Filter", "filter": "age > 30",
                   "exp_group_config": {"home.RecallNames": ["old"]},
                   "experiments": [{"experiment_id": 111, "type": 2, "experiment_flow": 100, "experiment_config": {"x": "crowd"}}]},
                  {"exp_group_id": 12, "crowd_target_type": "CrowdId", "crowd_users": ["7,8", " 9"],
                   "experiments": [{"experiment_id": 121, "type": 2, "experiment_flow": 100}]},
                  {"exp_group_id": 13, "crowd_target_type": "All", "debug_users": "dbg",
                   "experiments": [
                     {"experiment_id": 131, "type": 1, "experiment_flow": 30, "experiment_buckets": "0-30", "experiment_config": {"x": "base"}},
                     {"experiment_id": 132, "type": 2, "experiment_flow": 70, "experiment_buckets": "30-100",
                      "debug_users": "dbg", "experiment_config": "{\\"x\\": \\"test\\", \\"rankconf\\": {\\"RankAlgoList\\": [\\"fm\\"]}}"}]}]},
                {"layer_id": 2, "layer_name": "sort", "experiment_groups": [
                  {"exp_group_id": 21, "experiments": [
                     {"experiment_id": 211, "type": 2, "experiment_flow": 0},
                     {"experiment_id": 212, "type": 1, "experiment_flow": 0, "experiment_config": {"SortNames": ["s1"]}}]}]}]}]}]}
            """;

    private static Experiments compile(String json) throws Exception {
        return Experiments.compile(ExperimentFile.MAPPER.readValue(json, ExperimentFile.class), FeatureFilters.INSTANCE,
                CLOCK, "test");
    }

    @Test
    void theSameUidAlwaysGetsTheSameExperimentId() throws Exception {
        Experiments e = compile(FILE);
        Experiments again = compile(FILE);
        for (int i = 0; i < 200; i++) {
            String uid = "u" + i;
            String first = e.match("home_feed", uid, Map.of()).expId();
            assertThat(first).matches("ER2_L1#EG13#E13[12]_L2#EG21");
            for (int k = 0; k < 3; k++) {
                assertThat(e.match("home_feed", uid, Map.of("age", 20)).expId()).isEqualTo(first);
            }
            // a second engine built from the same file agrees
            assertThat(again.match("home_feed", uid, Map.of()).expId()).isEqualTo(first);
        }
    }

    @Test
    void bucketSharesFollowTheConfiguredRanges() throws Exception {
        Experiments e = compile(FILE);
        Random random = new Random(42);
        int base = 0;
        int test = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String id = e.match("home_feed", Long.toString(random.nextLong() & Long.MAX_VALUE), Map.of()).expId();
            if (id.contains("#E131")) {
                base++;
            } else if (id.contains("#E132")) {
                test++;
            }
        }
        assertThat(base + test).isEqualTo(n);
        assertThat(base / (double) n).isCloseTo(0.30, within(0.01));
        assertThat(test / (double) n).isCloseTo(0.70, within(0.01));
    }

    @Test
    void aCrowdFilterACrowdListAndADebugUserRouteAsConfigured() throws Exception {
        Experiments e = compile(FILE);
        ExperimentResult old = e.match("home_feed", "u1", Map.of("age", 45));
        assertThat(old.expId()).startsWith("ER2_L1#EG11#E111_L2");
        assertThat(old.params().getString("x", "")).isEqualTo("crowd");
        assertThat(old.params().get("home.RecallNames", null)).isEqualTo(java.util.List.of("old"));

        assertThat(e.match("home_feed", "8", Map.of()).expId()).startsWith("ER2_L1#EG12#E121");
        assertThat(e.match("home_feed", "9", Map.of()).expId()).as("crowd users are trimmed").startsWith("ER2_L1#EG12#E121");

        ExperimentResult dbg = e.match("home_feed", "dbg", Map.of("age", 45));
        assertThat(dbg.expId()).as("a group's debug user wins over crowd filters").startsWith("ER2_L1#EG13#E132");
        assertThat(dbg.params().getString("x", "")).isEqualTo("test");
        assertThat(dbg.params().get("rankconf", null)).isEqualTo(Map.of("RankAlgoList", java.util.List.of("fm")));
    }

    @Test
    void withoutATakingExperimentTheBaseOneAnswersAsDefaultAndIsAbsentFromTheId() throws Exception {
        ExperimentResult r = compile(FILE).match("home_feed", "u5", Map.of());
        ExperimentResult.LayerMatch sort = r.layers().get(1);
        assertThat(sort.layerName()).isEqualTo("sort");
        assertThat(sort.groupId()).isEqualTo(21);
        assertThat(sort.experimentId()).isEqualTo(-1);
        assertThat(r.expId()).endsWith("_L2#EG21");
        assertThat(r.params().get("SortNames", null)).isEqualTo(java.util.List.of("s1"));
    }

    @Test
    void aUidOutsideEveryNormalRoomFallsToTheBaseRoom() throws Exception {
        String file = FILE.replace("\"exp_room_buckets\": \"0-100\"", "\"exp_room_buckets\": \"\"");
        ExperimentResult r = compile(file).match("home_feed", "u1", Map.of());
        assertThat(r.expId()).isEqualTo("ER1_L9#EG90#E900");
        assertThat(r.params().getInt("k", 0)).isEqualTo(1);
        assertThat(r.params().getString("rankscore", "")).as("no global params: the placeholder stays").isEqualTo("${ctr}");
    }

    @Test
    void uidModBucketsTakeNumericUidsOnly() throws Exception {
        String file = FILE.replace("\"bucket_type\": 2, \"bucket_count\": 100, \"exp_room_buckets\": \"0-100\"",
                "\"bucket_type\": 1, \"bucket_count\": 10, \"exp_room_buckets\": \"3\"");
        Experiments e = compile(file);
        assertThat(e.match("home_feed", "13", Map.of()).expId()).startsWith("ER2_");
        assertThat(e.match("home_feed", "14", Map.of()).expId()).startsWith("ER1_");
        assertThat(e.match("home_feed", "u13", Map.of()).expId()).startsWith("ER1_");
    }

    @Test
    void theGlobalSceneAddsItsIdFillsPlaceholdersAndLendsItsParams() throws Exception {
        String global = """
                {"scene_name": "pairec_abtest_global_scene", "experiment_rooms": [{"exp_room_id": 5, "type": 1, "layers": [
                  {"layer_id": 50, "layer_name": "g", "experiment_groups": [{"exp_group_id": 500, "crowd_target_type": "All",
                    "exp_group_config": {"ctr": "dbmtl_probs_ctr", "home_feed.topk": 7, "topk": 3, "age": 99}}]}]}]},""";
        String file = FILE.replace("{\"scenes\": [", "{\"scenes\": [" + global)
                .replace("\"exp_room_buckets\": \"0-100\"", "\"exp_room_buckets\": \"\"");
        Experiments e = compile(file);
        ExperimentResult r = e.match("home_feed", "u1", Map.of());
        assertThat(r.expId()).isEqualTo("ER1_L9#EG90#E900_GL50#EG500");
        assertThat(r.params().getString("rankscore", "")).isEqualTo("dbmtl_probs_ctr");
        assertThat(r.params().getInt("topk", 0)).as("a global key wins over a stripped one").isEqualTo(3);
        assertThat(r.params().getInt("home_feed.topk", 0)).isEqualTo(7);
        assertThat(r.layers()).extracting(ExperimentResult.LayerMatch::scene)
                .containsExactly("pairec_abtest_global_scene", "home_feed");

        // global params are visible to the scene's filters: age 99 sends room 2's filter group its way
        ExperimentResult crowd = compile(FILE.replace("{\"scenes\": [", "{\"scenes\": [" + global)).match("home_feed", "u1", Map.of());
        assertThat(crowd.expId()).startsWith("ER2_L1#EG11#E111");
    }

    @Test
    void anUnknownSceneHasNoExperiment() throws Exception {
        ExperimentResult r = compile(FILE).match("other", "u1", Map.of());
        assertThat(r).isSameAs(ExperimentResult.NONE);
        assertThat(r.expId()).isEmpty();
    }

    @Test
    void timeSlotGroupsSplitByTheClockNotByUid() throws Exception {
        String file = FILE.replace("{\"exp_group_id\": 13, \"crowd_target_type\": \"All\", \"debug_users\": \"dbg\",",
                "{\"exp_group_id\": 13, \"crowd_target_type\": \"All\", \"distribution_type\": 2, \"distribution_time_duration\": 30,");
        Experiments e = compile(file);
        String first = e.match("home_feed", "a", Map.of()).expId();
        for (int i = 0; i < 50; i++) {
            assertThat(e.match("home_feed", "user" + i, Map.of()).expId()).isEqualTo(first);
        }
    }

    @Test
    void offlineObjectsAreSkipped() throws Exception {
        String file = FILE.replace("{\"exp_group_id\": 11,", "{\"exp_group_id\": 11, \"status\": 1,");
        assertThat(compile(file).match("home_feed", "u1", Map.of("age", 45)).expId()).doesNotContain("EG11");
    }

    @Test
    void badFilesAreRefusedWithEveryProblemNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String bad = FILE.replace("\"exp_room_buckets\": \"0-100\"", "\"exp_room_buckets\": \"0-x\"")
                .replace("\"crowd_target_type\": \"CrowdId\"", "\"crowd_target_type\": \"Crowd\"")
                .replace("\"filter\": \"age > 30\"", "\"filter\": \"age >\"");
        assertThatThrownBy(() -> compile(bad))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("3 problem(s)")
                .hasMessageContaining("scene 'home_feed' room 2, key exp_room_buckets: bucket '0-x' is neither a number nor a range")
                .hasMessageContaining("key crowd_target_type: unknown 'Crowd'; known: All, Filter, CrowdId, Random")
                .hasMessageContaining("key filter: 'age >' does not parse");

        Path typo = dir.resolve("exp.json");
        Files.writeString(typo, "{\"scenes\": [{\"scene_name\": \"a\", \"experiment_room\": []}]}");
        assertThatThrownBy(() -> Experiments.read(typo, FeatureFilters.INSTANCE, CLOCK))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("exp.json")
                .hasMessageContaining("experiment_room")
                .hasMessageContaining("scenes[0].experiment_room");
    }

    @Test
    void theFeaturesOfTheCallerAreNotModified() throws Exception {
        Map<String, Object> features = new HashMap<>(Map.of("age", 45));
        compile(FILE).match("home_feed", "u1", features);
        assertThat(features).containsOnlyKeys("age");
    }
}
