package io.recengine.core.match;

import java.util.function.IntPredicate;

/**
 * Exact top-k by scanning every vector: the oracle, and the right choice below ~50k vectors. The vectors
 * are copied into one flat array: a scan then streams through contiguous memory (the hardware prefetches
 * it) instead of loading one array object per vector.
 */
public final class ExactVectorIndex implements VectorIndex {

    private final float[] flat;
    private final int size;
    private final int dimension;
    private final VectorMetric metric;

    /** Copies the vectors, each of {@code dimension} floats. */
    public ExactVectorIndex(float[][] vectors, int dimension, VectorMetric metric) {
        this.size = vectors.length;
        this.flat = new float[Math.multiplyExact(vectors.length, dimension)];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length + " dimensions, not " + dimension);
            }
            System.arraycopy(vectors[i], 0, flat, i * dimension, dimension);
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
        TopK top = new TopK(k);
        for (int i = 0, off = 0; i < size; i++, off += dimension) {
            if (accept != null && !accept.test(i)) {
                continue;
            }
            top.offer(i, metric.similarity(query, flat, off));
        }
        return top.drain();
    }

    @Override
    public String describe() {
        return "exact";
    }
}
