package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentException;
import io.recengine.spi.concurrent.Fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Runs independent queries in parallel on the engine's plugin executor with {@link Fanout#callerRuns}:
 * the calling thread runs every query no pool thread has started, so a DAO that is itself running on
 * that executor cannot deadlock and a saturated pool degrades to sequential queries. Each query has its
 * own JDBC timeout, so there is no budget here. Results come back in query order; the first failure is
 * thrown after all queries are done.
 */
final class ParallelQueries {

    private ParallelQueries() {
    }

    static <T> List<T> run(String component, ExecutorService executor, List<Callable<T>> queries) {
        List<Fanout.Task<T>> tasks = new ArrayList<>(queries.size());
        for (Callable<T> q : queries) {
            tasks.add(Fanout.Task.of(q));
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
