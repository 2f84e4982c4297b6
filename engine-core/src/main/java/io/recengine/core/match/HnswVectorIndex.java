package io.recengine.core.match;

import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswBuilder;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Approximate top-k with Lucene 9.12's HNSW graph, used standalone (on-heap vectors, no Lucene index
 * files). The graph is built once over a fixed vector set, then frozen into flat arrays ({@link Graph},
 * what {@link HnswVectorIndexFile} persists) and never changed; searches take {@code ef} candidates,
 * re-score them exactly and keep the best {@code k}. Lucene builds and walks the graph; the scoring is
 * ours ({@link Scorer}). Lucene's expert HNSW API changes between minor versions: it is used only here.
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
    private final Graph graph;
    /** {@link #flatten}: what the graph search scores. */
    private final float[] flat;

    private HnswVectorIndex(float[][] vectors, float[] flat, int dimension, VectorMetric metric, Params params,
                            Graph graph) {
        this.vectors = vectors;
        this.flat = flat;
        this.dimension = dimension;
        this.metric = metric;
        this.params = params;
        this.graph = graph;
    }

    /**
     * The vectors in one array, {@code dimension} floats each, for the graph's scoring: a search or an
     * insertion jumps between vectors at random, and one flat array costs fewer cache misses than an
     * array object per vector (1.4x faster searches of 200,000 x 32 vectors at k = 400). A copy: 4 bytes
     * per dimension per vector more on the heap.
     */
    static float[] flatten(float[][] vectors, int dimension) {
        float[] flat = new float[Math.multiplyExact(vectors.length, dimension)];
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, flat, i * dimension, dimension);
        }
        return flat;
    }

    /**
     * Scores every vector against one (a search's query, or the node a build inserts) as Lucene's
     * MAXIMUM_INNER_PRODUCT (raw inner products mapped to positive numbers in the same order; its
     * DOT_PRODUCT assumes unit vectors) or EUCLIDEAN do, with four accumulators: Lucene 9.12's own scalar
     * dot product sums vectors of up to 32 dimensions in one serial chain of additions ({@link VectorMetric}'s flat
     * sums use four).
     */
    private static final class Scorer implements RandomVectorScorer {
        private final float[] flat;
        private final int dimension;
        private final float[] query;
        private final boolean innerProduct;

        Scorer(float[] flat, int dimension, float[] query, VectorMetric metric) {
            this.flat = flat;
            this.dimension = dimension;
            this.query = query;
            this.innerProduct = metric == VectorMetric.IP;
        }

        @Override
        public float score(int node) {
            int off = node * dimension;
            if (innerProduct) {
                float dot = VectorMetric.dot(query, flat, off);
                return dot < 0 ? 1 / (1 - dot) : dot + 1;
            }
            return 1 / (1 + VectorMetric.squareDistance(query, flat, off));
        }

        @Override
        public int maxOrd() {
            return flat.length / dimension;
        }
    }

    /** The build's scorers; stateless, so one instance serves every builder thread. */
    private record ScorerSupplier(float[] flat, int dimension, VectorMetric metric) implements RandomVectorScorerSupplier {
        @Override
        public RandomVectorScorer scorer(int ord) {
            return new Scorer(flat, dimension, Arrays.copyOfRange(flat, ord * dimension, (ord + 1) * dimension), metric);
        }

        @Override
        public RandomVectorScorerSupplier copy() {
            return this;
        }
    }

    /** Builds the graph with as many threads as the JVM has processors (one: Lucene's sequential builder). */
    public static HnswVectorIndex build(float[][] vectors, int dimension, VectorMetric metric, Params params) {
        return build(vectors, dimension, metric, params, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Builds the graph with {@code threads} builder threads (Lucene's {@link HnswConcurrentMergeBuilder}
     * inserting into one graph; started here and stopped when the build ends). Insertion costs grow with
     * the graph, so the parallel build is neither seeded nor reproducible; the sequential one is.
     */
    public static HnswVectorIndex build(float[][] vectors, int dimension, VectorMetric metric, Params params,
                                        int threads) {
        try {
            float[] flat = flatten(vectors, dimension);
            RandomVectorScorerSupplier supplier = new ScorerSupplier(flat, dimension, metric);
            int n = vectors.length;
            HnswGraphBuilder sequential = HnswGraphBuilder.create(supplier, params.m(), params.beamWidth(),
                    params.seed(), n);
            OnHeapHnswGraph built;
            // below a few thousand vectors the workers would mostly wait on each other's locks
            if (threads <= 1 || n < 4_096) {
                built = sequential.build(n);
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads, builderThreads());
                try {
                    // the sequential builder made the empty graph Lucene's concurrent builder fills
                    HnswBuilder concurrent = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, supplier,
                            params.m(), params.beamWidth(), sequential.getGraph(), null);
                    built = concurrent.build(n);
                } finally {
                    pool.shutdownNow();
                }
            }
            return new HnswVectorIndex(vectors, flat, dimension, metric, params, Graph.freeze(built));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory builderThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "hnsw-build-" + count.incrementAndGet());
            t.setDaemon(true); // a build must never keep the JVM alive
            return t;
        };
    }

    /** An index over {@code vectors} with a graph built earlier over the same vectors and params. */
    static HnswVectorIndex withGraph(float[][] vectors, int dimension, VectorMetric metric, Params params,
                                     Graph graph) {
        if (graph.size() != vectors.length) {
            throw new IllegalArgumentException("graph of " + graph.size() + " nodes for " + vectors.length + " vectors");
        }
        return new HnswVectorIndex(vectors, flatten(vectors, dimension), dimension, metric, params, graph);
    }

    Graph graph() {
        return graph;
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
        ScoreDoc[] docs;
        try {
            RandomVectorScorer scorer = new Scorer(flat, dimension, query, metric);
            KnnCollector collector = new TopKnnCollector(Math.max(k, ef), Integer.MAX_VALUE);
            HnswGraphSearcher.search(scorer, collector, graph.cursor(), bits);
            docs = collector.topDocs().scoreDocs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TopK top = new TopK(k);
        for (ScoreDoc d : docs) {
            top.offer(d.doc, metric.similarity(query, vectors[d.doc]));
        }
        return top.drain();
    }

    @Override
    public String describe() {
        return "hnsw(M=" + params.m() + ", beamWidth=" + params.beamWidth() + ", ef=" + params.ef() + ")";
    }

    /**
     * A built graph, frozen: per level, the sorted nodes on it and their neighbour lists as one offsets
     * array and one neighbours array. Immutable and shared by all searches; each search reads it through
     * its own {@link #cursor()} (Lucene's graph API keeps the position in the graph object).
     */
    static final class Graph {
        final int size;
        final int entryNode;
        /** Level -> the nodes on it, ascending; null for level 0 (every node). */
        final int[][] nodes;
        /** Level -> neighbour list bounds: node (or its position in {@code nodes}) i's list is [offsets[i], offsets[i + 1]). */
        final int[][] offsets;
        /** Level -> the neighbour lists, concatenated. */
        final int[][] neighbors;

        Graph(int size, int entryNode, int[][] nodes, int[][] offsets, int[][] neighbors) {
            this.size = size;
            this.entryNode = entryNode;
            this.nodes = nodes;
            this.offsets = offsets;
            this.neighbors = neighbors;
        }

        int size() {
            return size;
        }

        int levels() {
            return offsets.length;
        }

        static Graph freeze(OnHeapHnswGraph g) throws IOException {
            int size = g.size();
            int levels = size == 0 ? 1 : g.numLevels();
            int[][] nodes = new int[levels][];
            int[][] offsets = new int[levels][];
            int[][] neighbors = new int[levels][];
            for (int level = 0; level < levels; level++) {
                int[] onLevel = level == 0 ? null : HnswGraph.NodesIterator.getSortedNodes(g.getNodesOnLevel(level));
                int count = level == 0 ? size : onLevel.length;
                int[] off = new int[count + 1];
                int total = 0;
                for (int i = 0; i < count; i++) {
                    total += g.getNeighbors(level, level == 0 ? i : onLevel[i]).size();
                    off[i + 1] = total;
                }
                int[] nbr = new int[total];
                for (int i = 0; i < count; i++) {
                    NeighborArray a = g.getNeighbors(level, level == 0 ? i : onLevel[i]);
                    System.arraycopy(a.nodes(), 0, nbr, off[i], a.size());
                }
                nodes[level] = onLevel;
                offsets[level] = off;
                neighbors[level] = nbr;
            }
            return new Graph(size, size == 0 ? -1 : g.entryNode(), nodes, offsets, neighbors);
        }

        /** A fresh reading position over this graph, for one search. */
        HnswGraph cursor() {
            return new Cursor(this);
        }
    }

    /** Lucene's read API over a {@link Graph}; one per search (not thread-safe, the graph is). */
    private static final class Cursor extends HnswGraph {
        private final Graph g;
        private int[] list;
        private int next;
        private int end;

        Cursor(Graph g) {
            this.g = g;
        }

        @Override
        public void seek(int level, int target) {
            int i = level == 0 ? target : Arrays.binarySearch(g.nodes[level], target);
            if (i < 0) {
                throw new IllegalStateException("node " + target + " is not on level " + level);
            }
            list = g.neighbors[level];
            next = g.offsets[level][i];
            end = g.offsets[level][i + 1];
        }

        @Override
        public int nextNeighbor() {
            return next < end ? list[next++] : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int size() {
            return g.size;
        }

        @Override
        public int numLevels() {
            return g.levels();
        }

        @Override
        public int entryNode() {
            return g.entryNode;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            return level == 0 ? new ArrayNodesIterator(g.size) : new ArrayNodesIterator(g.nodes[level], g.nodes[level].length);
        }
    }
}
