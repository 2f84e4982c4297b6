package io.recengine.plugin.redis;

import io.recengine.spi.ComponentException;
import io.recengine.spi.concurrent.Fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Runs the chunks of one lookup in parallel on the engine's plugin executor with {@link Fanout#callerRuns}
 * (the caller runs what no pool thread started, so a saturated pool degrades to sequential calls). Each
 * call has its socket timeout, so there is no budget here. Results in chunk order; the first failure is
 * thrown after all chunks are done.
 */
final class ParallelChunks {

    private ParallelChunks() {
    }

    static <T> List<T> run(String component, ExecutorService executor, List<Callable<T>> chunks) {
        if (chunks.size() == 1) {
            try {
                return List.of(chunks.get(0).call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ComponentException(component, ComponentException.Kind.INTERNAL, e.toString(), e);
            }
        }
        List<Fanout.Task<T>> tasks = new ArrayList<>(chunks.size());
        for (Callable<T> c : chunks) {
            tasks.add(Fanout.Task.of(c));
        }
        List<Fanout.Result<T>> results = Fanout.callerRuns(executor).run(tasks);
        List<T> out = new ArrayList<>(results.size());
        for (Fanout.Result<T> r : results) {
            if (r.isOk()) {
                out.add(r.value());
                continue;
            }
            Throwable cause = r.failure();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw switch (r.outcome()) {
                case INTERRUPTED -> new ComponentException(component, ComponentException.Kind.TIMEOUT, "interrupted");
                case TIMEOUT -> new ComponentException(component, ComponentException.Kind.TIMEOUT, "timed out", cause);
                default -> new ComponentException(component, ComponentException.Kind.INTERNAL, String.valueOf(cause), cause);
            };
        }
        return out;
    }
}
