package io.recengine.core.match;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Approximate top-k with Lucene 9.12's HNSW graph, used standalone (on-heap vectors, no index files).
 * The graph is built once over a fixed vector set and never changed; searches take {@code ef}
 * candidates, re-score them exactly and keep the best {@code k}. Lucene's expert HNSW API changes
 * between minor versions: it is used only here.
 */
public final class HnswVectorIndex implements VectorIndex {

    /** Graph parameters: M (max connections), beam width at build, candidate list size at search. */
    public record Params(int m, int beamWidth, int ef, long seed) {
        public static final Params DEFAULT = new Params(16, 100, 80, 42L);
    }

    private final float[][] vectors;
    private final int dimension;
    private final VectorMetric metric;
    private final Params params;
    private final RandomAccessVectorValues.Floats values;
    private final VectorSimilarityFunction similarity;
    private final OnHeapHnswGraph graph;

    private HnswVectorIndex(float[][] vectors, int dimension, VectorMetric metric, Params params) throws IOException {
        this.vectors = vectors;
        this.dimension = dimension;
        this.metric = metric;
        this.params = params;
        this.values = RandomAccessVectorValues.fromFloats(Arrays.asList(vectors), dimension);
        // Lucene's DOT_PRODUCT assumes unit vectors; MAXIMUM_INNER_PRODUCT ranks raw inner products.
        this.similarity = metric == VectorMetric.IP ? VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT
                : VectorSimilarityFunction.EUCLIDEAN;
        RandomVectorScorerSupplier supplier =
                DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(similarity, values);
        HnswGraphBuilder builder = HnswGraphBuilder.create(supplier, params.m(), params.beamWidth(), params.seed());
        this.graph = builder.build(vectors.length);
    }

    /** Builds the graph (single-threaded; about 2,000-3,000 vectors/s at 64 dimensions). */
    public static HnswVectorIndex build(float[][] vectors, int dimension, VectorMetric metric, Params params) {
        try {
            return new HnswVectorIndex(vectors, dimension, metric, params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    public Params params() {
        return params;
    }

    @Override
    public Hits search(float[] query, int k, IntPredicate accept) {
        return search(query, k, params.ef(), accept);
    }

    /** Searches with an explicit candidate list size. */
    public Hits search(float[] query, int k, int ef, IntPredicate accept) {
        int n = vectors.length;
        if (n == 0 || k <= 0) {
            return new Hits(new int[0], new float[0]);
        }
        Bits bits = accept == null ? null : new Bits() {
            @Override
            public boolean get(int index) {
                return accept.test(index);
            }

            @Override
            public int length() {
                return n;
            }
        };
        TopDocs docs;
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, values, query);
            KnnCollector collector = HnswGraphSearcher.search(scorer, Math.max(k, ef), graph, bits, Integer.MAX_VALUE);
            docs = collector.topDocs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TopK top = new TopK(k);
        for (ScoreDoc d : docs.scoreDocs) {
            top.offer(d.doc, metric.similarity(query, vectors[d.doc]));
        }
        return top.drain();
    }

    @Override
    public String describe() {
        return "hnsw(M=" + params.m() + ", beamWidth=" + params.beamWidth() + ", ef=" + params.ef() + ")";
    }
}
