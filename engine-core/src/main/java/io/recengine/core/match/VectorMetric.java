package io.recengine.core.match;

import java.util.Locale;

/**
 * How vectors are compared. Every index ranks by {@link #similarity}, higher is better.
 */
public enum VectorMetric {
    /** Inner product: similarity = raw score = dot(a, b). */
    IP,
    /** Euclidean: raw score = squared distance; similarity = 1 / (1 + d^2) (Lucene's EUCLIDEAN). */
    L2;

    /** Parses {@code ip}, {@code inner_product}, {@code dot}, {@code l2}, {@code euclidean} (any case). */
    public static VectorMetric parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ip", "inner_product", "innerproduct", "dot", "dot_product" -> IP;
            case "l2", "euclidean" -> L2;
            default -> throw new IllegalArgumentException("unknown metric \"" + s + "\"; use ip or l2");
        };
    }

    /** The raw score: the dot product, or the squared distance. */
    public float raw(float[] a, float[] b) {
        return this == IP ? dot(a, b) : squareDistance(a, b);
    }

    /** The ranking similarity, higher is better. */
    public float similarity(float[] a, float[] b) {
        return this == IP ? dot(a, b) : 1f / (1f + squareDistance(a, b));
    }

    /** Turns a similarity back into the raw score. */
    public float rawFromSimilarity(float sim) {
        return this == IP ? sim : 1f / sim - 1f;
    }

    static float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    /** The dot product of {@code a} and {@code b[off, off + a.length)}; the same sums in the same order as {@link #dot(float[], float[])}. */
    static float dot(float[] a, float[] b, int off) {
        int n = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[off + i];
            s1 += a[i + 1] * b[off + i + 1];
            s2 += a[i + 2] * b[off + i + 2];
            s3 += a[i + 3] * b[off + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squareDistance(float[] a, float[] b) {
        return squareDistance(a, b, 0);
    }

    static float squareDistance(float[] a, float[] b, int off) {
        int n = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float d0 = a[i] - b[off + i];
            float d1 = a[i + 1] - b[off + i + 1];
            float d2 = a[i + 2] - b[off + i + 2];
            float d3 = a[i + 3] - b[off + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[i] - b[off + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
