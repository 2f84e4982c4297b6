package io.recengine.core.match;

import java.util.function.IntPredicate;

/**
 * Exact top-k by scanning every vector: the oracle, and the right choice below ~50k vectors. The vectors
 * are copied into one array in blocks of {@value #BLOCK}, each block by dimension (dimension d of the
 * block's vector i at {@code start * dimension + d * blockSize + i}), and a scan sums one dimension of a
 * block at a time: the inner loop is then the same multiply-add over consecutive floats, which the JIT
 * compiles to SIMD instructions (eight vectors per instruction with AVX2) instead of one dot product after
 * another, and the whole scan reads the array once, in order. Each vector's sum runs in dimension order.
 */
public final class ExactVectorIndex implements VectorIndex {

    /** Vectors scored per pass: their sums stay in the L1 cache while every dimension is added. */
    private static final int BLOCK = 1024;

    private final float[] columns;
    private final int size;
    private final int dimension;
    private final VectorMetric metric;

    /** Copies the vectors, each of {@code dimension} floats. */
    public ExactVectorIndex(float[][] vectors, int dimension, VectorMetric metric) {
        this.size = vectors.length;
        this.columns = new float[Math.multiplyExact(vectors.length, dimension)];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length + " dimensions, not " + dimension);
            }
            int start = i - i % BLOCK;
            int blockSize = Math.min(BLOCK, vectors.length - start);
            for (int d = 0; d < dimension; d++) {
                columns[start * dimension + d * blockSize + (i - start)] = vectors[i][d];
            }
        }
        this.dimension = dimension;
        this.metric = metric;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public VectorMetric metric() {
        return metric;
    }

    @Override
    public Hits search(float[] query, int k, IntPredicate accept) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, not " + dimension);
        }
        float[] sums = new float[Math.min(BLOCK, Math.max(1, size))];
        boolean ip = metric == VectorMetric.IP;
        // every accepted vector's (similarity, ordinal) packed in one long that orders as the answer does
        // (higher similarity first, then the smaller ordinal); the best k are then selected in linear
        // time and only they are sorted, instead of a heap update per vector that beats the k-th best
        long[] keys = new long[size];
        int count = 0;
        for (int from = 0; from < size; from += BLOCK) {
            int n = Math.min(BLOCK, size - from);
            java.util.Arrays.fill(sums, 0, n, 0f);
            for (int d = 0; d < dimension; d++) {
                float q = query[d];
                int base = from * dimension + d * n;
                if (ip) {
                    for (int i = 0; i < n; i++) {
                        sums[i] += q * columns[base + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        float diff = q - columns[base + i];
                        sums[i] += diff * diff;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                float similarity = ip ? sums[i] : 1f / (1f + sums[i]);
                if (!Float.isNaN(similarity) && (accept == null || accept.test(from + i))) {
                    keys[count++] = key(similarity, from + i);
                }
            }
        }
        int kept = Math.min(Math.max(1, k), count);
        if (kept < count) {
            selectLargest(keys, count, kept);
        }
        java.util.Arrays.sort(keys, 0, kept);
        int[] ords = new int[kept];
        float[] scores = new float[kept];
        for (int i = 0; i < kept; i++) {
            long key = keys[kept - 1 - i];
            ords[i] = ordinal(key);
            scores[i] = similarity(key);
        }
        return new Hits(ords, scores);
    }

    /** A similarity and an ordinal in one long: ordered by similarity, then by the smaller ordinal. */
    static long key(float similarity, int ordinal) {
        int bits = Float.floatToRawIntBits(similarity == 0f ? 0f : similarity); // -0 and 0 alike
        bits ^= (bits >> 31) & 0x7fffffff; // negative floats: the more negative, the smaller the int
        return ((long) bits << 32) | (0xffffffffL - ordinal);
    }

    static int ordinal(long key) {
        return (int) (0xffffffffL - (key & 0xffffffffL));
    }

    static float similarity(long key) {
        int bits = (int) (key >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    /**
     * Moves the {@code k} largest of {@code a[0, n)} to {@code a[0, k)} (in no order): quickselect with a
     * median-of-three pivot, linear on average.
     */
    static void selectLargest(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot, ordered descending at lo, mid, hi
            if (a[mid] > a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] > a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] > a[mid]) {
                swap(a, hi, mid);
            }
            long pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) { // descending partition: larger keys to the left
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            // a[lo, j] >= pivot >= a[i, hi]; between them equal to the pivot
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @Override
    public String describe() {
        return "exact";
    }
}
