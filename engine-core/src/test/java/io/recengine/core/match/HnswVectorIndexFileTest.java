package io.recengine.core.match;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The persisted HNSW graph: reloaded only for the same vectors and params, never when damaged. */
class HnswVectorIndexFileTest {

    private static final HnswVectorIndex.Params PARAMS = new HnswVectorIndex.Params(8, 32, 40, 42L);

    @Test
    void reloadedGraphAnswersAsTheBuiltOne(@TempDir Path dir) throws Exception {
        float[][] all = VectorData.clustered(2_050, 16, 5);
        float[][] base = Arrays.copyOf(all, 2_000);
        HnswVectorIndex built = HnswVectorIndex.build(base, 16, VectorMetric.IP, PARAMS, 1);
        Path file = dir.resolve("v.hnsw");
        HnswVectorIndexFile.save(file, built, base);

        HnswVectorIndex loaded = HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS).orElseThrow();
        assertThat(loaded.describe()).isEqualTo(built.describe());
        for (int q = 2_000; q < 2_050; q++) {
            VectorIndex.Hits a = built.search(all[q], 20, null);
            VectorIndex.Hits b = loaded.search(all[q], 20, null);
            assertThat(b.ords()).containsExactly(a.ords());
            assertThat(b.scores()).containsExactly(a.scores());
        }
        // ef is a search setting: a different one reuses the graph
        HnswVectorIndex.Params otherEf = new HnswVectorIndex.Params(8, 32, 90, 42L);
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, otherEf)).isPresent();
    }

    @Test
    void otherVectorsParamsOrDamageMeanRebuild(@TempDir Path dir) throws Exception {
        float[][] base = VectorData.clustered(1_000, 16, 6);
        Path file = dir.resolve("v.hnsw");
        HnswVectorIndexFile.save(file, HnswVectorIndex.build(base, 16, VectorMetric.IP, PARAMS, 1), base);
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS)).isPresent();

        float[][] changed = base.clone();
        changed[500] = changed[500].clone();
        changed[500][3] += 1e-3f;
        assertThat(HnswVectorIndexFile.load(file, changed, 16, VectorMetric.IP, PARAMS)).isEmpty();
        float[][] reordered = base.clone();
        reordered[0] = base[1];
        reordered[1] = base[0];
        assertThat(HnswVectorIndexFile.load(file, reordered, 16, VectorMetric.IP, PARAMS)).isEmpty();
        assertThat(HnswVectorIndexFile.load(file, Arrays.copyOf(base, 999), 16, VectorMetric.IP, PARAMS)).isEmpty();
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.L2, PARAMS)).isEmpty();
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP,
                new HnswVectorIndex.Params(16, 32, 40, 42L))).isEmpty();
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP,
                new HnswVectorIndex.Params(8, 64, 40, 42L))).isEmpty();
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP,
                new HnswVectorIndex.Params(8, 32, 40, 7L))).isEmpty();
        assertThat(HnswVectorIndexFile.load(dir.resolve("absent.hnsw"), base, 16, VectorMetric.IP, PARAMS)).isEmpty();

        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(file, flipped);
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS)).isEmpty();
        Files.write(file, Arrays.copyOf(good, good.length - 9));
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS)).isEmpty();
        Files.write(file, new byte[3]);
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS)).isEmpty();
        Files.write(file, good);
        assertThat(HnswVectorIndexFile.load(file, base, 16, VectorMetric.IP, PARAMS)).isPresent();
    }

    @Test
    void vectorTableReloadsItsGraphAtTheNextStart(@TempDir Path dir) throws Exception {
        float[][] v = VectorData.clustered(3_000, 16, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            ids.add("i" + i);
        }
        Path file = dir.resolve("t.hnsw");
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            VectorTable first = new VectorTable("t", 16, VectorMetric.IP, 2_000, 0.2, PARAMS, file, bg);
            first.load(ids, Arrays.asList(v));
            assertThat(first.awaitIdle(60_000)).isTrue();
            assertThat(first.indexDescription()).startsWith("hnsw");
            assertThat(first.graphsReloaded()).isZero();
            assertThat(file).isRegularFile();

            VectorTable second = new VectorTable("t", 16, VectorMetric.IP, 2_000, 0.2, PARAMS, file, bg);
            second.load(ids, Arrays.asList(v));
            assertThat(second.awaitIdle(60_000)).isTrue();
            assertThat(second.graphsReloaded()).isEqualTo(1);
            assertThat(second.indexDescription()).startsWith("hnsw");
            for (int q = 0; q < 3_000; q += 300) {
                assertThat(second.search(v[q], 10)).isEqualTo(first.search(v[q], 10));
            }

            // other vectors: built again, and the file now holds their graph
            float[][] shifted = Arrays.copyOfRange(v, 1, 3_000);
            VectorTable third = new VectorTable("t", 16, VectorMetric.IP, 2_000, 0.2, PARAMS, file, bg);
            third.load(ids.subList(1, 3_000), Arrays.asList(shifted));
            assertThat(third.awaitIdle(60_000)).isTrue();
            assertThat(third.graphsReloaded()).isZero();
            assertThat(HnswVectorIndexFile.load(file, shifted, 16, VectorMetric.IP, PARAMS)).isPresent();
        } finally {
            bg.shutdownNow();
        }
    }
}
