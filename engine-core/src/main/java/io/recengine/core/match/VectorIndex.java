package io.recengine.core.match;

import java.util.function.IntPredicate;

/**
 * A top-k similarity index over a fixed set of vectors addressed by ordinal {@code 0..size()-1}.
 * Immutable once built and safe for concurrent searches. Deletions are not the index's business: the
 * caller passes a filter of accepted ordinals ({@link VectorTable} keeps tombstones and rebuilds).
 *
 * <p>Implementations: {@link ExactVectorIndex} (a scan, the correctness oracle) and
 * {@link HnswVectorIndex} (Lucene 9.12 HNSW used standalone).
 */
public interface VectorIndex {

    /** The number of ordinals. */
    int size();

    int dimension();

    VectorMetric metric();

    /**
     * The best {@code k} accepted ordinals for {@code query}, best first, with their similarity
     * ({@link VectorMetric#similarity}, exact).
     *
     * @param accept accepted ordinals; null accepts all
     */
    Hits search(float[] query, int k, IntPredicate accept);

    /** A short description for logs and the health endpoint, e.g. {@code hnsw(M=16, ef=80)}. */
    String describe();

    /** Search hits, best first. */
    record Hits(int[] ords, float[] scores) {
        public int size() {
            return ords.length;
        }
    }

    /** Keeps the best k (ord, score) pairs: a bounded min-heap. Not thread-safe. */
    final class TopK {
        private final int k;
        private final int[] ords;
        private final float[] scores;
        private int n;

        public TopK(int k) {
            this.k = Math.max(1, k);
            this.ords = new int[this.k];
            this.scores = new float[this.k];
        }

        /** The score a candidate must beat once full. */
        public float threshold() {
            return n < k ? Float.NEGATIVE_INFINITY : scores[0];
        }

        public void offer(int ord, float score) {
            if (n < k) {
                ords[n] = ord;
                scores[n] = score;
                siftUp(n++);
            } else if (score > scores[0]) {
                ords[0] = ord;
                scores[0] = score;
                siftDown(0);
            }
        }

        private void siftUp(int i) {
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (scores[p] <= scores[i]) {
                    break;
                }
                swap(p, i);
                i = p;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1;
                if (l >= n) {
                    return;
                }
                int c = l + 1 < n && scores[l + 1] < scores[l] ? l + 1 : l;
                if (scores[i] <= scores[c]) {
                    return;
                }
                swap(i, c);
                i = c;
            }
        }

        private void swap(int a, int b) {
            int o = ords[a];
            ords[a] = ords[b];
            ords[b] = o;
            float s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
        }

        /** The kept pairs, best first (ties by smaller ordinal). Consumes the heap. */
        public Hits drain() {
            int[] o = new int[n];
            float[] s = new float[n];
            for (int i = n - 1; i >= 0; i--) {
                o[i] = ords[0];
                s[i] = scores[0];
                n--;
                ords[0] = ords[n];
                scores[0] = scores[n];
                siftDown(0);
            }
            return new Hits(o, s);
        }
    }
}
