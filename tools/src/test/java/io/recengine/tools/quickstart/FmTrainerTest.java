package io.recengine.tools.quickstart;

import io.recengine.core.rank.LocalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FmTrainerTest {

    @Test
    void learnsHeldOutPreferencesAndWritesALoadableModel(@TempDir Path dir) {
        Dataset d = Dataset.generate(DatasetSpec.TINY);
        Path model = dir.resolve("fm.json");
        FmTrainer.Result r = FmTrainer.train(d, new FmTrainer.Settings(4, 1 << 12, 3, 0.05, 1e-6, 3L), model);
        assertThat(r.trainSamples()).isGreaterThan(r.testSamples());
        assertThat(r.testAuc()).isGreaterThan(0.7);
        LocalModel m = LocalModel.load(model);
        assertThat(m.type()).isEqualTo(LocalModel.Type.FM);
    }
}
