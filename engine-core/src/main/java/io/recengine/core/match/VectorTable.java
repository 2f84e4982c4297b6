package io.recengine.core.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A vector service: item id -> embedding, top-k search, add and delete at run time.
 *
 * <p>Layout: an immutable <em>base</em> (vectors + a {@link VectorIndex}: exact below
 * {@code hnswThreshold} live vectors, HNSW above) plus an append-only <em>delta</em> scanned exactly,
 * and tombstone bits on both. An add of a new id appends to the delta; an add of a known id tombstones
 * the old copy and appends; a delete tombstones. Searches never block: they read the published state
 * and skip tombstones, so a deleted id is never returned once {@link #delete} returned, and an added one
 * is found at once. When the delta or the tombstones pile up ({@code rebuildRatio} of the base), or the
 * table crosses the HNSW threshold, the base is rebuilt from the live vectors on the background
 * executor; changes made meanwhile are replayed onto the new state before it is published.
 *
 * <p>Writers serialise on the table; readers are lock-free.
 */
public final class VectorTable {

    private static final Logger LOG = LoggerFactory.getLogger(VectorTable.class);

    /** Deltas up to this size never trigger a rebuild on their own. */
    static final int MIN_DELTA_BEFORE_REBUILD = 1024;

    private final String name;
    private final int dimension;
    private final VectorMetric metric;
    private final int hnswThreshold;
    private final double rebuildRatio;
    private final HnswVectorIndex.Params hnsw;
    /** Where a built HNSW graph is kept for the next start; null: none. */
    private final Path graphFile;
    private final Executor background;

    private volatile State state;
    private boolean rebuilding;
    private List<Object[]> pendingOps;
    private long rebuilds;
    private volatile long graphsReloaded;

    /** What readers see: base + delta, replaced as a whole. */
    private static final class State {
        final String[] baseIds;
        final float[][] baseVectors;
        final VectorIndex index;
        final AtomicLongArray baseDead;
        final Delta delta;
        /** id -> ord (>= 0 base, < 0: -(delta index + 1)); writers only. */
        final Map<String, Integer> locations;
        int baseDeadCount;

        State(String[] baseIds, float[][] baseVectors, VectorIndex index, AtomicLongArray baseDead, Delta delta,
              Map<String, Integer> locations) {
            this.baseIds = baseIds;
            this.baseVectors = baseVectors;
            this.index = index;
            this.baseDead = baseDead != null ? baseDead : new AtomicLongArray(Math.max(1, (baseIds.length + 63) >>> 6));
            this.delta = delta;
            this.locations = locations;
        }

        boolean baseLive(int ord) {
            return (baseDead.get(ord >>> 6) & (1L << ord)) == 0;
        }
    }

    /** Append-only vectors, published by the volatile size. */
    private static final class Delta {
        final String[] ids;
        final float[][] vectors;
        final AtomicLongArray dead;
        volatile int size;
        int deadCount;

        Delta(int capacity) {
            ids = new String[capacity];
            vectors = new float[capacity][];
            dead = new AtomicLongArray(Math.max(1, (capacity + 63) >>> 6));
        }

        boolean live(int i) {
            return (dead.get(i >>> 6) & (1L << i)) == 0;
        }
    }

    VectorTable(String name, int dimension, VectorMetric metric, int hnswThreshold, double rebuildRatio,
                HnswVectorIndex.Params hnsw, Executor background) {
        this(name, dimension, metric, hnswThreshold, rebuildRatio, hnsw, null, background);
    }

    /** @param graphFile where a built HNSW graph is kept and reloaded from ({@link HnswVectorIndexFile}); null: none */
    VectorTable(String name, int dimension, VectorMetric metric, int hnswThreshold, double rebuildRatio,
                HnswVectorIndex.Params hnsw, Path graphFile, Executor background) {
        this.name = name;
        this.graphFile = graphFile;
        this.dimension = dimension;
        this.metric = metric;
        this.hnswThreshold = hnswThreshold;
        this.rebuildRatio = rebuildRatio;
        this.hnsw = hnsw;
        this.background = background;
        this.state = new State(new String[0], new float[0][], new ExactVectorIndex(new float[0][], dimension, metric),
                null, new Delta(16), new HashMap<>());
    }

    public String name() {
        return name;
    }

    public int dimension() {
        return dimension;
    }

    public VectorMetric metric() {
        return metric;
    }

    /**
     * Replaces the whole content (start-up load): an exact base at once, and an HNSW build in the
     * background when the table is at or above the threshold.
     */
    synchronized void load(List<String> ids, List<float[]> vectors) {
        Map<String, Integer> loc = new HashMap<>(ids.size() * 2);
        List<String> keptIds = new ArrayList<>(ids.size());
        List<float[]> keptVectors = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Integer prev = loc.get(ids.get(i));
            if (prev != null) { // a later line wins
                keptVectors.set(prev, vectors.get(i));
                continue;
            }
            loc.put(ids.get(i), keptIds.size());
            keptIds.add(ids.get(i));
            keptVectors.add(checkDimension(vectors.get(i)));
        }
        String[] baseIds = keptIds.toArray(new String[0]);
        float[][] baseVectors = keptVectors.toArray(new float[0][]);
        state = new State(baseIds, baseVectors, new ExactVectorIndex(baseVectors, dimension, metric), null,
                new Delta(16), loc);
        maybeRebuild();
    }

    private float[] checkDimension(float[] v) {
        if (v.length != dimension) {
            throw new IllegalArgumentException("vector of " + v.length + " dimensions, table '" + name + "' has "
                    + dimension);
        }
        return v;
    }

    /** Adds or replaces an item's vector; visible to searches when this returns. */
    public synchronized void add(String id, float[] vector) {
        checkDimension(vector);
        apply(state, id, vector, true);
        if (rebuilding) {
            pendingOps.add(new Object[] {id, vector});
        }
        maybeRebuild();
    }

    /** Deletes an item; returns false when it was not there. Never returned again once this returns. */
    public synchronized boolean delete(String id) {
        boolean existed = state.locations.containsKey(id);
        apply(state, id, null, true);
        if (rebuilding) {
            pendingOps.add(new Object[] {id, null});
        }
        maybeRebuild();
        return existed;
    }

    /** Calls {@code out} with every live (id, vector), for snapshots and digests. Do not modify the vectors. */
    synchronized void forEachLive(java.util.function.BiConsumer<String, float[]> out) {
        State s = state;
        s.locations.forEach((id, loc) -> out.accept(id, loc >= 0 ? s.baseVectors[loc] : s.delta.vectors[-loc - 1]));
    }

    /** True when the id has a live vector. */
    public synchronized boolean contains(String id) {
        return state.locations.containsKey(id);
    }

    /**
     * Applies one change to {@code s}; returns the state to go on with (a copy with a bigger delta when
     * the delta was full, published when {@code publish}).
     */
    private State apply(State s, String id, float[] vector, boolean publish) {
        Integer loc = s.locations.remove(id);
        if (loc != null) {
            if (loc >= 0) {
                s.baseDead.getAndUpdate(loc >>> 6, w -> w | (1L << loc));
                s.baseDeadCount++;
            } else {
                int i = -loc - 1;
                s.delta.dead.getAndUpdate(i >>> 6, w -> w | (1L << i));
                s.delta.deadCount++;
            }
        }
        if (s.delta.deadCount > MIN_DELTA_BEFORE_REBUILD && s.delta.deadCount * 2 > s.delta.size) {
            s = compactDelta(s, publish);
        }
        if (vector == null) {
            return s;
        }
        Delta d = s.delta;
        int i = d.size;
        if (i == d.ids.length) {
            Delta bigger = new Delta(d.ids.length * 2);
            System.arraycopy(d.ids, 0, bigger.ids, 0, i);
            System.arraycopy(d.vectors, 0, bigger.vectors, 0, i);
            for (int w = 0; w < d.dead.length(); w++) {
                bigger.dead.set(w, d.dead.get(w));
            }
            bigger.deadCount = d.deadCount;
            bigger.size = i;
            State grown = new State(s.baseIds, s.baseVectors, s.index, s.baseDead, bigger, s.locations);
            grown.baseDeadCount = s.baseDeadCount;
            if (publish) {
                state = grown;
            }
            s = grown;
            d = bigger;
        }
        d.ids[i] = id;
        d.vectors[i] = vector;
        d.size = i + 1; // the volatile write publishes the slot
        s.locations.put(id, -(i + 1));
        return s;
    }

    /** Copies the live delta entries into a fresh delta (replaced ids pile up dead copies). */
    private State compactDelta(State s, boolean publish) {
        Delta d = s.delta;
        int live = d.size - d.deadCount;
        Delta fresh = new Delta(Math.max(16, live * 2));
        int n = 0;
        for (int i = 0; i < d.size; i++) {
            if (d.live(i)) {
                fresh.ids[n] = d.ids[i];
                fresh.vectors[n] = d.vectors[i];
                s.locations.put(d.ids[i], -(n + 1));
                n++;
            }
        }
        fresh.size = n;
        State next = new State(s.baseIds, s.baseVectors, s.index, s.baseDead, fresh, s.locations);
        next.baseDeadCount = s.baseDeadCount;
        if (publish) {
            state = next;
        }
        return next;
    }

    private void maybeRebuild() {
        if (rebuilding) {
            return;
        }
        State s = state;
        int baseLive = s.baseIds.length - s.baseDeadCount;
        int deltaLive = s.delta.size - s.delta.deadCount;
        int live = baseLive + deltaLive;
        boolean isHnsw = s.index instanceof HnswVectorIndex;
        boolean wantHnsw = live >= hnswThreshold;
        int churn = s.delta.size + s.baseDeadCount;
        boolean needed = (wantHnsw && !isHnsw)
                || (!wantHnsw && isHnsw)
                || (churn > MIN_DELTA_BEFORE_REBUILD && churn > rebuildRatio * Math.max(1, s.baseIds.length));
        if (!needed) {
            return;
        }
        // snapshot the live vectors
        String[] ids = new String[live];
        float[][] vectors = new float[live][];
        int n = 0;
        for (int i = 0; i < s.baseIds.length; i++) {
            if (s.baseLive(i)) {
                ids[n] = s.baseIds[i];
                vectors[n++] = s.baseVectors[i];
            }
        }
        int ds = s.delta.size;
        for (int i = 0; i < ds; i++) {
            if (s.delta.live(i)) {
                ids[n] = s.delta.ids[i];
                vectors[n++] = s.delta.vectors[i];
            }
        }
        rebuilding = true;
        pendingOps = new ArrayList<>();
        final int count = n;
        Runnable task = () -> rebuild(ids, vectors, count);
        try {
            background.execute(task);
        } catch (RuntimeException e) { // executor shut down
            rebuilding = false;
            pendingOps = null;
        }
    }

    private void rebuild(String[] ids, float[][] vectors, int n) {
        long t0 = System.nanoTime();
        VectorIndex index;
        try {
            index = n >= hnswThreshold ? hnswIndex(vectors)
                    : new ExactVectorIndex(vectors, dimension, metric);
        } catch (RuntimeException | Error e) {
            LOG.error("vector table '{}': index rebuild failed", name, e);
            synchronized (this) {
                rebuilding = false;
                pendingOps = null;
                notifyAll();
            }
            return;
        }
        synchronized (this) {
            Map<String, Integer> loc = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                loc.put(ids[i], i);
            }
            State next = new State(ids, vectors, index, null, new Delta(Math.max(16, pendingOps.size() * 2)), loc);
            for (Object[] op : pendingOps) {
                next = apply(next, (String) op[0], (float[]) op[1], false);
            }
            state = next;
            rebuilding = false;
            pendingOps = null;
            rebuilds++;
            LOG.info("vector table '{}': {} index over {} vectors built in {} ms", name, index.describe(), n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            notifyAll();
            maybeRebuild();
        }
    }

    /** The graph from {@link #graphFile} when it was built for these vectors, else a fresh build (then saved). */
    private HnswVectorIndex hnswIndex(float[][] vectors) {
        if (graphFile == null) {
            return HnswVectorIndex.build(vectors, dimension, metric, hnsw);
        }
        try {
            Optional<HnswVectorIndex> saved = HnswVectorIndexFile.load(graphFile, vectors, dimension, metric, hnsw);
            if (saved.isPresent()) {
                LOG.info("vector table '{}': HNSW graph reloaded from {}", name, graphFile);
                graphsReloaded++; // only the background rebuild writes it, one at a time
                return saved.get();
            }
            LOG.info("vector table '{}': no HNSW graph for these vectors and params in {}, building it", name, graphFile);
        } catch (IOException e) {
            LOG.warn("vector table '{}': cannot read the HNSW graph file {} ({}), building the graph", name, graphFile,
                    e.getMessage());
        }
        HnswVectorIndex built = HnswVectorIndex.build(vectors, dimension, metric, hnsw);
        try {
            HnswVectorIndexFile.save(graphFile, built, vectors);
        } catch (IOException | RuntimeException e) { // a read-only directory costs the next start a build, nothing more
            LOG.warn("vector table '{}': cannot write the HNSW graph file {}: {}", name, graphFile, e.toString());
        }
        return built;
    }

    /** Waits until no rebuild is running (tests, benchmarks). Returns false on timeout. */
    public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (rebuilding) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The number of live vectors. */
    public synchronized int size() {
        State s = state;
        {
            return s.baseIds.length - s.baseDeadCount + s.delta.size - s.delta.deadCount;
        }
    }

    /** How the base is indexed, e.g. {@code exact} or {@code hnsw(...)}. */
    public String indexDescription() {
        return state.index.describe();
    }

    synchronized long rebuilds() {
        return rebuilds;
    }

    /** How many index builds took their HNSW graph from the graph file instead of building it. */
    long graphsReloaded() {
        return graphsReloaded;
    }

    /** One hit: id, similarity, raw score. */
    public record Hit(String id, float similarity, float raw) {
    }

    /** The best {@code k} live items for {@code query}, best first. */
    public List<Hit> search(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query vector has " + query.length + " dimensions, service '" + name
                    + "' has " + dimension);
        }
        State s = state;
        Delta d = s.delta;
        int ds = d.size; // volatile read first: the slots below are published
        VectorIndex.Hits base = s.index.search(query, k, s::baseLive);
        if (ds == 0 && allLive(s, base)) {
            return hits(s, d, base); // nothing to merge: the index's answer is already best first
        }
        VectorIndex.TopK top = new VectorIndex.TopK(k);
        for (int i = 0; i < base.size(); i++) {
            int ord = base.ords()[i];
            if (s.baseLive(ord)) { // a delete may have landed after the search started
                top.offer(ord, base.scores()[i]);
            }
        }
        for (int i = 0; i < ds; i++) {
            if (d.live(i)) {
                top.offer(-(i + 1), metric.similarity(query, d.vectors[i]));
            }
        }
        return hits(s, d, top.drain());
    }

    private static boolean allLive(State s, VectorIndex.Hits hits) {
        for (int i = 0; i < hits.size(); i++) {
            if (!s.baseLive(hits.ords()[i])) {
                return false;
            }
        }
        return true;
    }

    private List<Hit> hits(State s, Delta d, VectorIndex.Hits hits) {
        List<Hit> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            int ord = hits.ords()[i];
            String id = ord >= 0 ? s.baseIds[ord] : d.ids[-ord - 1];
            float sim = hits.scores()[i];
            out.add(new Hit(id, sim, metric.rawFromSimilarity(sim)));
        }
        return out;
    }
}
