package io.recengine.tools.quickstart;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's number text is {@code String.format}'s, so that a faster writer leaves the data files as they were. */
class DatasetWriterTest {

    @Test
    void fixedDecimalsAreTheTextOfStringFormat() {
        double[] edges = {0, -0.0, 0.15, 0.25, -0.25, 0.000005, -0.000005, 0.0000049, -0.000001, 1, -1, 0.999995,
            0.1f, 0.35f, 123.4567895, 1e-9, -1e-9, 0.5, 2.5e-6};
        for (double x : edges) {
            check(x);
            check((float) x);
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            check((float) (r.nextGaussian() * 0.4));
            check(r.nextDouble());
            // values near a rounding tie at 5 and 6 decimals
            check((r.nextInt(2_000_000) - 1_000_000 + 0.5) / 1e6);
            check((float) ((r.nextInt(200_000) - 100_000 + 0.5) / 1e5));
        }
    }

    private static void check(double x) {
        assertThat(DatasetWriter.fixed(x, 5)).as("%s", x).isEqualTo(String.format(Locale.ROOT, "%.5f", x));
        assertThat(DatasetWriter.fixed(x, 6)).as("%s", x).isEqualTo(String.format(Locale.ROOT, "%.6f", x));
    }
}
