package io.recengine.core.builtin.sort;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * DPP and SSD on 1,000 candidates with 64-dimensional embeddings, selecting 50 (issue 13), beside the
 * reference kernels of {@link DiversityReference} in the same run: the full-kernel DPP (as PAI-Rec builds
 * it) and the SSD that recomputes every residual length. Run with {@code bench/sort-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DiversityBench {

    static final int N = 1000;
    static final int DIM = 64;
    static final int PICK = 50;

    double[] dppFeatures;
    double[] quality;
    double[] ssdEmbeddings;
    double[] scores;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        dppFeatures = new double[N * (DIM + 1)];
        ssdEmbeddings = new double[N * (DIM + 1)];
        quality = new double[N];
        scores = new double[N];
        for (int i = 0; i < N; i++) {
            double[] v = new double[DIM];
            double s = 0;
            for (int d = 0; d < DIM; d++) {
                v[d] = r.nextDouble() * 2 - 1;
                s += v[d] * v[d];
            }
            for (int d = 0; d < DIM; d++) {
                v[d] /= Math.sqrt(s);
                dppFeatures[i * (DIM + 1) + d] = v[d] / Math.sqrt(2);
                ssdEmbeddings[i * (DIM + 1) + d] = v[d];
            }
            dppFeatures[i * (DIM + 1) + DIM] = 1 / Math.sqrt(2);
            ssdEmbeddings[i * (DIM + 1) + DIM] = 1;
            scores[i] = r.nextDouble();
            quality[i] = Math.exp(scores[i]);
        }
    }

    @Benchmark
    public int[] dpp() {
        return Dpp.select(dppFeatures, N, DIM + 1, quality, PICK, 0);
    }

    @Benchmark
    public int[] dppWindow10() {
        return Dpp.select(dppFeatures, N, DIM + 1, quality, PICK, 10);
    }

    @Benchmark
    public int[] dppReference() {
        return DiversityReference.dpp(dppFeatures, N, DIM + 1, quality, PICK, 0);
    }

    @Benchmark
    public int[] ssd() {
        // the kernel overwrites the embeddings: the copy is part of what a request pays
        return Ssd.select(ssdEmbeddings.clone(), N, DIM + 1, scores, PICK, 5, 0.25, false);
    }

    @Benchmark
    public int[] ssdReference() {
        return DiversityReference.ssd(ssdEmbeddings, N, DIM + 1, scores, PICK, 5, 0.25, false);
    }
}
