package io.recengine.tools.quickstart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Makes the quickstart's data directory: the generated data set in the match engine's file formats and
 * the FM model trained on it ({@code fm_model.json}). Idempotent: a complete directory for the same
 * spec is left alone.
 */
public final class QuickstartData {

    private static final Logger LOG = LoggerFactory.getLogger(QuickstartData.class);

    public static final String MODEL_FILE = "fm_model.json";

    private QuickstartData() {
    }

    /** Generates and trains into {@code dir} unless it already holds the data of {@code spec}. */
    public static void ensure(Path dir, DatasetSpec spec) {
        if (DatasetWriter.isComplete(dir, spec) && dir.resolve(MODEL_FILE).toFile().isFile()) {
            LOG.info("quickstart data in {} is complete ({})", dir, spec);
            return;
        }
        long t0 = System.nanoTime();
        Dataset d = Dataset.generate(spec);
        LOG.info("generated {} users, {} items, {} interactions in {} ms", spec.users(), spec.items(),
                spec.interactions(), (System.nanoTime() - t0) / 1_000_000);
        FmTrainer.Result r = FmTrainer.train(d, FmTrainer.Settings.DEFAULT, dir.resolve(MODEL_FILE));
        LOG.info("trained the FM ranker on {} samples in {} s: AUC train {}, held-out {}", r.trainSamples(),
                String.format("%.1f", r.seconds()), String.format("%.4f", r.trainAuc()),
                String.format("%.4f", r.testAuc()));
        DatasetWriter.write(d, dir);
        LOG.info("wrote the quickstart data to {} in {} ms", dir, (System.nanoTime() - t0) / 1_000_000);
    }
}
