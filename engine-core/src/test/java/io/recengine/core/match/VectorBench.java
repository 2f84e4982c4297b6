package io.recengine.core.match;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Vector search benchmark (run by bench/aime-vector.sh, not a test): clustered unit vectors (N/100
 * centroids, sigma 0.12), queries drawn the same way and not in the index; exact scan vs HNSW at several
 * ef, one query at a time on one thread; then /sendmsg-style adds+deletes per second into a VectorTable
 * while a reader thread searches.
 *
 * <p>Arguments: {@code n dim queries [ef,ef,...]}.
 */
public final class VectorBench {

    private VectorBench() {
    }

    /** Searches on one thread for {@code seconds} while this thread applies {@code rate} updates/s. */
    static double searchRate(VectorTable table, float[][] queries, int seconds, int rate, float[][] fresh, int n)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong searches = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                table.search(queries[i++ % queries.length], 10);
                searches.incrementAndGet();
            }
        });
        long t0 = System.nanoTime();
        reader.start();
        long end = t0 + seconds * 1_000_000_000L;
        long done = 0;
        while (System.nanoTime() < end) {
            if (rate > 0) {
                long due = (System.nanoTime() - t0) * rate / 1_000_000_000L;
                while (done < due) {
                    int k = (int) (UPDATES.getAndIncrement() % fresh.length);
                    if ((done & 1) == 0) {
                        table.add("u" + k, fresh[k]);
                    } else {
                        table.delete("i" + (k % n));
                    }
                    done++;
                }
            }
            Thread.sleep(1);
        }
        stop.set(true);
        reader.join();
        return searches.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static final java.util.concurrent.atomic.AtomicLong UPDATES = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int nq = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int[] efs = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {20, 40, 80, 160};
        System.out.printf("vectors %d x %d, %d queries, JDK %s, %d cores%n", n, dim, nq, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        float[][] all = VectorData.clustered(n + nq, dim, 42);
        float[][] base = Arrays.copyOf(all, n);
        float[][] queries = Arrays.copyOfRange(all, n, n + nq);
        ExactVectorIndex exact = new ExactVectorIndex(base, dim, VectorMetric.IP);
        int[][] truth = new int[nq][];
        long t0 = System.nanoTime();
        for (int i = 0; i < nq; i++) {
            truth[i] = exact.search(queries[i], 10, null).ords();
        }
        double exactMs = (System.nanoTime() - t0) / 1e6 / nq;
        System.out.printf("exact scan: %.3f ms/query = %.0f QPS (1 thread)%n", exactMs, 1000 / exactMs);
        t0 = System.nanoTime();
        HnswVectorIndex hnsw = HnswVectorIndex.build(base, dim, VectorMetric.IP, HnswVectorIndex.Params.DEFAULT);
        double buildS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hnsw build (M=16, beamWidth=100, 1 thread): %.1f s = %.0f adds/s%n", buildS, n / buildS);
        for (int ef : efs) {
            // warm-up
            for (int i = 0; i < Math.min(nq, 200); i++) {
                hnsw.search(queries[i], 10, ef, null);
            }
            long found = 0;
            long[] lat = new long[nq];
            for (int i = 0; i < nq; i++) {
                long s = System.nanoTime();
                int[] got = hnsw.search(queries[i], 10, ef, null).ords();
                lat[i] = System.nanoTime() - s;
                for (int g : got) {
                    for (int t : truth[i]) {
                        if (g == t) {
                            found++;
                            break;
                        }
                    }
                }
            }
            long total = Arrays.stream(lat).sum();
            Arrays.sort(lat);
            System.out.printf("hnsw ef=%d: recall@10 %.4f, %.0f QPS (1 thread), p50 %.3f ms, p99 %.3f ms, %.0fx exact%n",
                    ef, found / (double) (nq * 10), nq / (total / 1e9), lat[nq / 2] / 1e6, lat[(int) (nq * 0.99)] / 1e6,
                    exactMs * 1e6 * nq / total);
        }
        // updates while searching: a VectorTable over the same data, HNSW base
        ExecutorService bg = Executors.newSingleThreadExecutor();
        VectorTable table = new VectorTable("bench", dim, VectorMetric.IP, Math.min(n, 50_000), 0.2,
                HnswVectorIndex.Params.DEFAULT, bg);
        java.util.List<String> ids = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("i" + i);
        }
        table.load(ids, Arrays.asList(base));
        table.awaitIdle(3_600_000);
        float[][] fresh = VectorData.clustered(20_000, dim, 7);
        double base0 = searchRate(table, queries, 3, 0, fresh, n);
        System.out.printf("vector table searches/s (1 thread), no updates: %.0f%n", base0);
        double paced = searchRate(table, queries, 5, 2_000, fresh, n);
        System.out.printf("vector table searches/s (1 thread) while 2,000 updates/s (1,000 adds + 1,000 deletes) run: %.0f%n",
                paced);
        table.awaitIdle(3_600_000);
        // writer alone, unthrottled: 100k adds + deletes of ids that exist
        long t1 = System.nanoTime();
        for (int u = 0; u < 50_000; u++) {
            table.add("w" + (u % 10_000), fresh[u % fresh.length]);
            table.delete("i" + (n - 1 - u));
        }
        double secs = (System.nanoTime() - t1) / 1e9;
        System.out.printf("vector table updates/s, one writer thread, unthrottled: %.0f (index %s, rebuilds so far %d)%n",
                100_000 / secs, table.indexDescription(), table.rebuilds());
        bg.shutdownNow();
    }
}
