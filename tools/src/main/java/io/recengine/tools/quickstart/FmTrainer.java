package io.recengine.tools.quickstart;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.core.rank.LocalModel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits the embedded ranker's factorization machine ({@code recengine-model} v1, {@code type: fm}) on a
 * generated data set's interactions: positives are interactions, negatives items drawn uniformly (one
 * per positive); the last 10 % of each user's history is held out to report AUC. Features are what the
 * quickstart scene loads: user {@code uid}, {@code gender}, {@code occupation}, {@code fav_category};
 * item {@code item_id}, {@code category}. Plain SGD on log loss with L2; deterministic for a seed.
 */
public final class FmTrainer {

    /** Training settings. */
    public record Settings(int factors, int buckets, int epochs, double learningRate, double l2, long seed) {
        public static final Settings DEFAULT = new Settings(8, 1 << 16, 3, 0.05, 1e-6, 11L);
    }

    /** What a training run produced. */
    public record Result(int trainSamples, int testSamples, double trainAuc, double testAuc, double seconds) {
    }

    private static final String[][] FEATURES = {
        {"uid", "user"}, {"gender", "user"}, {"occupation", "user"}, {"fav_category", "user"},
        {"item_id", "item"}, {"category", "item"}};

    private final Dataset data;
    private final Settings s;
    private final double[] w;
    private final double[] v;
    private double bias;

    private FmTrainer(Dataset data, Settings s) {
        this.data = data;
        this.s = s;
        this.w = new double[s.buckets()];
        this.v = new double[s.buckets() * s.factors()];
        SplittableRandom r = new SplittableRandom(s.seed());
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * 0.01;
        }
    }

    /** Trains on {@code data}, writes the model to {@code out}, returns the AUCs. */
    public static Result train(Dataset data, Settings settings, Path out) {
        long t0 = System.nanoTime();
        FmTrainer t = new FmTrainer(data, settings);
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        t.samples(train, test);
        SplittableRandom r = new SplittableRandom(settings.seed() + 1);
        int[][] order = train.toArray(new int[0][]);
        for (int e = 0; e < settings.epochs(); e++) {
            shuffle(order, r);
            double lr = settings.learningRate() / (1 + e);
            for (int[] sample : order) {
                t.step(sample, lr);
            }
        }
        double trainAuc = t.auc(train.subList(0, Math.min(train.size(), 200_000)));
        double testAuc = t.auc(test);
        t.write(out);
        return new Result(train.size(), test.size(), trainAuc, testAuc, (System.nanoTime() - t0) / 1e9);
    }

    /** A sample: label, then the feature buckets. */
    private void samples(List<int[]> train, List<int[]> test) {
        SplittableRandom r = new SplittableRandom(s.seed() + 2);
        int items = data.spec().items();
        for (int u = 0; u < data.spec().users(); u++) {
            int from = data.userStart[u];
            int to = data.userStart[u + 1];
            int n = to - from;
            int split = to - Math.max(1, n / 10);
            for (int k = from; k < to; k++) {
                List<int[]> target = k < split || n < 2 ? train : test;
                target.add(sample(u, data.interactionItem[k], 1));
                target.add(sample(u, r.nextInt(items), 0));
            }
        }
    }

    private int[] sample(int user, int item, int label) {
        String[] values = {Dataset.userId(user), data.userMale[user] ? "M" : "F",
            Dataset.occupationName(data.userOccupation[user]), Dataset.categoryName(data.userCategories[user][0]),
            Dataset.itemId(item), Dataset.categoryName(data.itemCategory[item])};
        int[] out = new int[1 + values.length];
        out[0] = label;
        for (int i = 0; i < values.length; i++) {
            out[1 + i] = LocalModel.bucketOf(FEATURES[i][0], values[i], s.buckets());
        }
        return out;
    }

    private double score(int[] sample, double[] sum) {
        int k = s.factors();
        double z = bias;
        Arrays.fill(sum, 0);
        double sq = 0;
        for (int i = 1; i < sample.length; i++) {
            int b = sample[i];
            z += w[b];
            for (int f = 0; f < k; f++) {
                double x = v[b * k + f];
                sum[f] += x;
                sq += x * x;
            }
        }
        double pair = 0;
        for (int f = 0; f < k; f++) {
            pair += sum[f] * sum[f];
        }
        return z + 0.5 * (pair - sq);
    }

    private final double[] scratch = new double[64];

    private void step(int[] sample, double lr) {
        int k = s.factors();
        double z = score(sample, scratch);
        double p = 1 / (1 + Math.exp(-z));
        double g = p - sample[0];
        bias -= lr * g;
        for (int i = 1; i < sample.length; i++) {
            int b = sample[i];
            w[b] -= lr * (g + s.l2() * w[b]);
            for (int f = 0; f < k; f++) {
                double x = v[b * k + f];
                double grad = g * (scratch[f] - x);
                v[b * k + f] = x - lr * (grad + s.l2() * x);
            }
        }
    }

    /** AUC by the rank-sum formula. */
    private double auc(List<int[]> samples) {
        int n = samples.size();
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = score(samples.get(i), scratch);
            labels[i] = samples.get(i)[0];
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long pos = 0;
        for (int r = 0; r < n; r++) {
            if (labels[idx[r]] == 1) {
                rankSum += r + 1;
                pos++;
            }
        }
        long neg = n - pos;
        return pos == 0 || neg == 0 ? 0.5 : (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    private void write(Path out) {
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (OutputStream os = Files.newOutputStream(out);
                 JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("format", LocalModel.FORMAT);
                g.writeNumberField("version", LocalModel.VERSION);
                g.writeStringField("type", "fm");
                g.writeStringField("output", "sigmoid");
                g.writeNumberField("buckets", s.buckets());
                g.writeNumberField("factors", s.factors());
                g.writeArrayFieldStart("features");
                for (String[] f : FEATURES) {
                    g.writeStartObject();
                    g.writeStringField("name", f[0]);
                    g.writeStringField("side", f[1]);
                    g.writeStringField("kind", "categorical");
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("bias", round(bias));
                g.writeArrayFieldStart("weights");
                for (double x : w) {
                    g.writeNumber(round(x));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("embeddings");
                for (double x : v) {
                    g.writeNumber(round(x));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the model to " + out + " failed", e);
        }
    }

    /** Six significant digits are plenty for a CTR model and keep the file small. */
    private static float round(double x) {
        return (float) x;
    }

    private static void shuffle(int[][] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int[] t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
