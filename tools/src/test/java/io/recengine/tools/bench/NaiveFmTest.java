package io.recengine.tools.bench;

import io.recengine.core.rank.LocalModel;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.tools.quickstart.Dataset;
import io.recengine.tools.quickstart.DatasetSpec;
import io.recengine.tools.quickstart.FmTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NaiveFmTest {

    @Test
    void fnvMatchesThePublishedTestVectors() {
        assertThat(NaiveFm.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(NaiveFm.fnv1a64("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(NaiveFm.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void bucketsMatchTheDocumentedPythonReference() {
        // values printed by bench/rank-model-tool.py's bucket(name, value, 65536)
        assertThat(NaiveFm.bucket("gender", "M", 1 << 16)).isEqualTo(9343);
        assertThat(NaiveFm.bucket("item_id", "3900", 1 << 16)).isEqualTo(3275);
        assertThat(NaiveFm.bucket("category", "Film-Noir \u00e9", 1 << 16)).isEqualTo(13165);
    }

    /** One bucket: every feature lands in it, so the FM formula can be checked by hand. */
    private static Path oneBucketModel(Path dir, String output) throws Exception {
        Path file = dir.resolve("fm.json");
        Files.writeString(file, """
                {"format": "recengine-model", "version": 1, "type": "fm", "output": "%s", "buckets": 1, "factors": 2,
                 "features": [{"name": "gender", "side": "user", "kind": "categorical"},
                              {"name": "category", "side": "item"}],
                 "bias": -1.0, "weights": [0.5], "embeddings": [0.25, -0.5]}
                """.formatted(output));
        return file;
    }

    @Test
    void scoresWithTheFmFormula(@TempDir Path dir) throws Exception {
        NaiveFm raw = NaiveFm.load(oneBucketModel(dir, "raw"));
        // two active features in bucket 0: z = -1 + 2 * 0.5 + 1/2 * sum_f ((2 v_f)^2 - 2 v_f^2) = 0 + 1/2 * (0.125 + 0.5)
        assertThat(raw.score(Map.of("gender", "M"), Map.of("category", "Drama"))).isCloseTo(0.3125, within(1e-12));
        // a missing or empty value contributes nothing: z = -1 + 0.5 (one feature has no pairs)
        assertThat(raw.score(Map.of("gender", "M"), Map.of("category", ""))).isCloseTo(-0.5, within(1e-12));
        assertThat(raw.score(Map.of(), Map.of())).isCloseTo(-1.0, within(1e-12));

        Files.delete(dir.resolve("fm.json"));
        NaiveFm sigmoid = NaiveFm.load(oneBucketModel(dir, "sigmoid"));
        assertThat(sigmoid.score(Map.of("gender", "M"), Map.of("category", "Drama")))
                .isCloseTo(1 / (1 + Math.exp(-0.3125)), within(1e-12));
    }

    @Test
    void refusesWhatTheTrainerDoesNotWrite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lr.json");
        Files.writeString(file, """
                {"format": "recengine-model", "version": 1, "type": "lr", "buckets": 1,
                 "features": [{"name": "gender", "side": "user"}], "weights": [0.5]}
                """);
        assertThatThrownBy(() -> NaiveFm.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key type").hasMessageContaining("fm");
    }

    /** The unit-level half of the golden check: on a trained model, the engine's ranker and this one agree. */
    @Test
    void agreesWithTheEnginesRankerOnATrainedModel(@TempDir Path dir) {
        Path file = dir.resolve("fm.json");
        FmTrainer.train(Dataset.generate(DatasetSpec.TINY), new FmTrainer.Settings(4, 1 << 12, 1, 0.05, 1e-6, 3L), file);
        NaiveFm naive = NaiveFm.load(file);
        LocalModel engine = LocalModel.load(file);
        String[] genders = {"M", "F", ""};
        String[] categories = {"Drama", "Horror", "Comedy"};
        for (int u = 1; u <= 30; u++) {
            Map<String, String> userRow = Map.of("uid", Integer.toString(u), "gender", genders[u % 3],
                    "occupation", "engineer", "fav_category", categories[u % 3]);
            User user = new User(Integer.toString(u));
            userRow.forEach(user::setProperty);
            LocalModel.UserPart part = engine.userPart(user);
            for (int i = 1; i <= 40; i++) {
                Map<String, String> itemRow = Map.of("item_id", Integer.toString(i), "category", categories[i % 3]);
                Item item = new Item(Integer.toString(i));
                item.setProperty("category", categories[i % 3]);
                double[] out = new double[1];
                engine.score(part, List.of(item), 0, 1, out);
                assertThat(naive.score(userRow, itemRow)).as("user %d, item %d", u, i).isCloseTo(out[0], within(1e-9));
            }
        }
    }
}
