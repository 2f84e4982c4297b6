package io.recengine.core.match;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact scan, HNSW recall@10 at default settings, and the mutable vector table. */
class VectorIndexTest {

    @Test
    void exactScanIsExact() {
        float[][] v = VectorData.clustered(2_000, 16, 1);
        ExactVectorIndex index = new ExactVectorIndex(v, 16, VectorMetric.IP);
        float[] q = v[7];
        VectorIndex.Hits hits = index.search(q, 5, null);
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(VectorMetric.dot(q, v[b]), VectorMetric.dot(q, v[a])));
        assertThat(hits.ords()).containsExactly(order[0], order[1], order[2], order[3], order[4]);
        assertThat(hits.ords()[0]).isEqualTo(7);
        // L2: nearest is itself, similarity 1 / (1 + 0)
        VectorIndex.Hits l2 = new ExactVectorIndex(v, 16, VectorMetric.L2).search(q, 1, null);
        assertThat(l2.ords()[0]).isEqualTo(7);
        assertThat(l2.scores()[0]).isEqualTo(1f);
        // filter
        assertThat(index.search(q, 1, o -> o != 7).ords()[0]).isEqualTo(order[1]);
    }

    /**
     * The blocked, dimension-major scan scores every vector as one dot product (or distance) after another
     * would, to float rounding, across block boundaries and with a filter: the same top 400 of 2,500.
     */
    @Test
    void exactScanByDimensionScoresAsOneVectorAtATime() {
        Random random = new Random(11);
        float[][] v = new float[2_500][32];
        for (float[] row : v) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        float[] q = new float[32];
        for (int d = 0; d < q.length; d++) {
            q[d] = (float) random.nextGaussian();
        }
        for (VectorMetric metric : VectorMetric.values()) {
            VectorIndex.Hits hits = new ExactVectorIndex(v, 32, metric).search(q, 400, o -> o % 3 != 0);
            Integer[] order = new Integer[v.length];
            for (int i = 0; i < v.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(metric.similarity(q, v[b]), metric.similarity(q, v[a])));
            List<Integer> expected = new ArrayList<>();
            for (Integer o : order) {
                if (o % 3 != 0 && expected.size() < 400) {
                    expected.add(o);
                }
            }
            assertThat(hits.size()).isEqualTo(400);
            for (int i = 0; i < 400; i++) {
                assertThat(hits.ords()[i]).as(metric + " rank " + i).isEqualTo(expected.get(i));
                assertThat(hits.scores()[i]).isCloseTo(metric.similarity(q, v[expected.get(i)]),
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    /** The exact scan's selection of the k largest keys, against a full sort, on many sizes, k and key shapes. */
    @Test
    void selectionOfTheLargestKeysMatchesAFullSort() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(round < 250 ? 50 : 5_000);
            int k = 1 + random.nextInt(n);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                float score = round % 3 == 0 ? random.nextInt(4) : (float) random.nextGaussian(); // many equal scores too
                a[i] = ExactVectorIndex.key(score, i);
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            ExactVectorIndex.selectLargest(a, n, k);
            long[] top = Arrays.copyOf(a, k);
            Arrays.sort(top);
            assertThat(top).as("n=" + n + " k=" + k).containsExactly(Arrays.copyOfRange(sorted, n - k, n));
        }
        // keys order by similarity (negative, zero, positive), then by the smaller ordinal
        assertThat(ExactVectorIndex.key(-2f, 0)).isLessThan(ExactVectorIndex.key(-1f, 0));
        assertThat(ExactVectorIndex.key(-0f, 5)).isEqualTo(ExactVectorIndex.key(0f, 5));
        assertThat(ExactVectorIndex.key(0.5f, 9)).isGreaterThan(ExactVectorIndex.key(0.25f, 1));
        assertThat(ExactVectorIndex.key(0.5f, 1)).isGreaterThan(ExactVectorIndex.key(0.5f, 2));
        assertThat(ExactVectorIndex.similarity(ExactVectorIndex.key(-3.5f, 7))).isEqualTo(-3.5f);
        assertThat(ExactVectorIndex.ordinal(ExactVectorIndex.key(-3.5f, 7))).isEqualTo(7);
    }

    @Test
    void hnswRecallOnClusteredVectors() {
        // queries drawn the same way as the base (same centroids), not in the index
        float[][] all = VectorData.clustered(8_200, 64, 11);
        float[][] base = Arrays.copyOf(all, 8_000);
        float[][] queries = Arrays.copyOfRange(all, 8_000, 8_200);
        ExactVectorIndex exact = new ExactVectorIndex(base, 64, VectorMetric.IP);
        HnswVectorIndex hnsw = HnswVectorIndex.build(base, 64, VectorMetric.IP, HnswVectorIndex.Params.DEFAULT);
        double recall = VectorData.recall(exact, hnsw, queries, 10);
        System.out.printf("clustered 8k x 64, ip: HNSW recall@10 = %.4f%n", recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
        HnswVectorIndex l2 = HnswVectorIndex.build(base, 64, VectorMetric.L2, HnswVectorIndex.Params.DEFAULT);
        double recallL2 = VectorData.recall(new ExactVectorIndex(base, 64, VectorMetric.L2), l2, queries, 10);
        System.out.printf("clustered 8k x 64, l2: HNSW recall@10 = %.4f%n", recallL2);
        assertThat(recallL2).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void concurrentBuildKeepsRecall() {
        // Lucene's concurrent builder with two workers (interleaved on a one-core machine: still two threads)
        float[][] all = VectorData.clustered(5_200, 16, 13);
        float[][] base = Arrays.copyOf(all, 5_000);
        float[][] queries = Arrays.copyOfRange(all, 5_000, 5_200);
        HnswVectorIndex hnsw = HnswVectorIndex.build(base, 16, VectorMetric.IP, HnswVectorIndex.Params.DEFAULT, 2);
        assertThat(hnsw.size()).isEqualTo(5_000);
        double recall = VectorData.recall(new ExactVectorIndex(base, 16, VectorMetric.IP), hnsw, queries, 10);
        System.out.printf("clustered 5k x 16, ip, 2 builder threads: HNSW recall@10 = %.4f%n", recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void hnswRecallOnFashionMnist() throws Exception {
        var train = VectorData.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
        var test = VectorData.FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
        if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
            System.out.println("SKIPPED hnswRecallOnFashionMnist: " + train
                    + " is absent (install Debian's dataset-fashion-mnist)");
            Assumptions.abort("dataset-fashion-mnist is not installed (" + train + ")");
        }
        float[][] base = VectorData.fashionMnist(train, 8_000, 64, 3);
        float[][] queries = VectorData.fashionMnist(test, 200, 64, 3);
        ExactVectorIndex exact = new ExactVectorIndex(base, 64, VectorMetric.IP);
        HnswVectorIndex hnsw = HnswVectorIndex.build(base, 64, VectorMetric.IP, HnswVectorIndex.Params.DEFAULT);
        double recall = VectorData.recall(exact, hnsw, queries, 10);
        System.out.printf("fashion-mnist 8k projected to 64, ip: HNSW recall@10 = %.4f%n", recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void tableAddsDeletesAndRebuilds() throws Exception {
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            float[][] v = VectorData.clustered(3_000, 16, 2);
            VectorTable t = new VectorTable("t", 16, VectorMetric.IP, 2_000, 0.2, HnswVectorIndex.Params.DEFAULT, bg);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                ids.add("i" + i);
            }
            t.load(ids, Arrays.asList(v));
            // exact at once, HNSW after the background build
            assertThat(t.search(v[5], 1).get(0).id()).isEqualTo("i5");
            assertThat(t.awaitIdle(60_000)).isTrue();
            assertThat(t.indexDescription()).startsWith("hnsw");
            assertThat(t.search(v[5], 1).get(0).id()).isEqualTo("i5");
            // delete: never returned again
            assertThat(t.delete("i5")).isTrue();
            assertThat(t.search(v[5], 50)).extracting(VectorTable.Hit::id).doesNotContain("i5");
            // add: visible at once; replace moves it
            float[] fresh = VectorData.unit(VectorData.gaussian(new Random(9), 16, 1));
            t.add("new", fresh);
            assertThat(t.search(fresh, 1).get(0).id()).isEqualTo("new");
            t.add("i6", fresh);
            assertThat(t.search(fresh, 2)).extracting(VectorTable.Hit::id).containsExactlyInAnyOrder("new", "i6");
            assertThat(t.size()).isEqualTo(3_000);
            // churn past the ratio: a rebuild runs in the background; changes made meanwhile survive it
            long before = t.rebuilds();
            for (int i = 100; i < 1_200; i++) {
                t.delete("i" + i);
            }
            t.add("during", v[5]);
            assertThat(t.awaitIdle(60_000)).isTrue();
            assertThat(t.rebuilds()).isGreaterThan(before);
            assertThat(t.search(v[5], 1).get(0).id()).isEqualTo("during");
            assertThat(t.search(v[150], 20)).extracting(VectorTable.Hit::id).doesNotContain("i150");
            assertThat(t.size()).isEqualTo(3_000 - 1_100 + 1);
            // replacing one id over and over compacts the delta instead of growing it
            for (int i = 0; i < 5_000; i++) {
                t.add("hot", v[2_900]);
            }
            assertThat(t.search(v[2_900], 2)).extracting(VectorTable.Hit::id).containsExactlyInAnyOrder("hot", "i2900");
            t.delete("hot");
            // shrinking below the threshold goes back to exact
            for (int i = 1_200; i < 2_500; i++) {
                t.delete("i" + i);
            }
            assertThat(t.awaitIdle(60_000)).isTrue();
            assertThat(t.indexDescription()).isEqualTo("exact");
            assertThat(t.search(v[2_700], 1).get(0).id()).isEqualTo("i2700");
        } finally {
            bg.shutdownNow();
        }
    }
}
