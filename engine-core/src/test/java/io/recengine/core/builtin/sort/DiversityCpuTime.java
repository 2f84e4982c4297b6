package io.recengine.core.builtin.sort;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The kernels of {@link DiversityBench} timed by the thread's CPU time rather than the wall clock: on a
 * shared machine (many processes per core) JMH's wall-clock figures mostly measure waiting for a core.
 * Not a test; run by {@code bench/sort-jmh.sh --cpu}.
 */
public final class DiversityCpuTime {

    private DiversityCpuTime() {
    }

    public static void main(String[] args) {
        DiversityBench b = new DiversityBench();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        run(mx, "dpp", b::dpp);
        run(mx, "dppWindow10", b::dppWindow10);
        run(mx, "dppReference", b::dppReference);
        run(mx, "ssd", b::ssd);
        run(mx, "ssdReference", b::ssdReference);
    }

    private static void run(ThreadMXBean mx, String name, Supplier<int[]> kernel) {
        int sink = 0;
        for (int i = 0; i < 30; i++) {
            sink += kernel.get()[0];
        }
        int rounds = 5;
        int perRound = 40;
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                sink += kernel.get()[0];
            }
            long t = (mx.getCurrentThreadCpuTime() - t0) / perRound;
            best = Math.min(best, t);
            total += t;
        }
        System.out.printf("%-14s cpu us/op: mean %8.1f  best %8.1f   (%d)%n", name, total / rounds / 1e3, best / 1e3, sink);
    }
}
