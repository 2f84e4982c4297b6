package io.recengine.core.match;

import java.util.function.IntPredicate;

/** Exact top-k by scanning every vector: the oracle, and the right choice below ~50k vectors. */
public final class ExactVectorIndex implements VectorIndex {

    private final float[][] vectors;
    private final int dimension;
    private final VectorMetric metric;

    /** Takes the array as is: the caller must not change it afterwards. */
    public ExactVectorIndex(float[][] vectors, int dimension, VectorMetric metric) {
        this.vectors = vectors;
        this.dimension = dimension;
        this.metric = metric;
    }

    @Override
    public int size() {
        return vectors.length;
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
        return scan(vectors, vectors.length, metric, query, k, accept);
    }

    /** Scans the first {@code n} rows of {@code rows}. */
    static Hits scan(float[][] rows, int n, VectorMetric metric, float[] query, int k, IntPredicate accept) {
        TopK top = new TopK(k);
        for (int i = 0; i < n; i++) {
            if (accept != null && !accept.test(i)) {
                continue;
            }
            top.offer(i, metric.similarity(query, rows[i]));
        }
        return top.drain();
    }

    @Override
    public String describe() {
        return "exact";
    }
}
