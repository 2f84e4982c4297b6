package io.recengine.core.match;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Test and benchmark vectors: seeded clustered synthetic sets, Fashion-MNIST projected down, recall. */
public final class VectorData {

    /** Debian's dataset-fashion-mnist. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private VectorData() {
    }

    /**
     * {@code n} unit vectors around {@code n / 100} (at least 1) random unit centroids, noise sigma 0.12 per
     * dimension (the set performance.md measured with).
     */
    public static float[][] clustered(int n, int dim, long seed) {
        Random r = new Random(seed);
        int clusters = Math.max(1, n / 100);
        float[][] centroids = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centroids[c] = unit(gaussian(r, dim, 1.0));
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = centroids[r.nextInt(clusters)];
            float[] v = gaussian(r, dim, 0.12);
            for (int d = 0; d < dim; d++) {
                v[d] += c[d];
            }
            out[i] = unit(v);
        }
        return out;
    }

    static float[] gaussian(Random r, int dim, double sigma) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) (r.nextGaussian() * sigma);
        }
        return v;
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f * f;
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /**
     * The first {@code limit} images of an idx3 file, each projected to {@code dim} dimensions by a seeded
     * Gaussian random projection (pixels scaled to [0, 1], centred), then normalised to unit length.
     */
    public static float[][] fashionMnist(Path idxGz, int limit, int dim, long seed) throws IOException {
        try (InputStream raw = Files.newInputStream(idxGz);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IOException("not an idx3 file: " + Integer.toHexString(magic));
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            int pixels = rows * cols;
            int n = Math.min(limit, count);
            Random r = new Random(seed);
            float[][] proj = new float[dim][pixels];
            for (int d = 0; d < dim; d++) {
                for (int p = 0; p < pixels; p++) {
                    proj[d][p] = (float) r.nextGaussian();
                }
            }
            byte[] img = new byte[pixels];
            float[] x = new float[pixels];
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                in.readFully(img);
                for (int p = 0; p < pixels; p++) {
                    x[p] = (img[p] & 0xff) / 255f - 0.5f;
                }
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = VectorMetric.dot(proj[d], x);
                }
                out[i] = unit(v);
            }
            return out;
        }
    }

    /** Mean recall@k of {@code approx} against {@code exact}. */
    public static double recall(VectorIndex exact, VectorIndex approx, float[][] queries, int k) {
        long found = 0;
        for (float[] q : queries) {
            int[] truth = exact.search(q, k, null).ords();
            int[] got = approx.search(q, k, null).ords();
            java.util.Set<Integer> t = new java.util.HashSet<>();
            for (int o : truth) {
                t.add(o);
            }
            for (int o : got) {
                if (t.contains(o)) {
                    found++;
                }
            }
        }
        return found / (double) (queries.length * k);
    }
}
