package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs independent queries in parallel on the engine's plugin executor, deadlock-free when the caller
 * itself runs on that executor: every task is claimed by whoever starts it first, and the caller runs
 * every task no pool thread has started yet before it waits. So a saturated pool degrades to
 * sequential execution instead of blocking. Results come back in task order; the first failure is
 * rethrown after all tasks are done.
 */
final class Fanout {

    private Fanout() {
    }

    private static final class Task<T> {
        final Callable<T> body;
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<T> result = new CompletableFuture<>();

        Task(Callable<T> body) {
            this.body = body;
        }

        void runIfUnclaimed() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    static <T> List<T> run(String component, ExecutorService executor, List<Callable<T>> bodies) {
        List<Task<T>> tasks = new ArrayList<>(bodies.size());
        for (Callable<T> b : bodies) {
            tasks.add(new Task<>(b));
        }
        for (int i = 1; i < tasks.size(); i++) {
            Task<T> t = tasks.get(i);
            try {
                executor.execute(t::runIfUnclaimed);
            } catch (RejectedExecutionException e) {
                // run it ourselves below
            }
        }
        for (Task<T> t : tasks) {
            t.runIfUnclaimed();
        }
        List<T> out = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        for (Task<T> t : tasks) {
            try {
                out.add(t.result.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentException(component, ComponentException.Kind.TIMEOUT, "interrupted", e);
            } catch (ExecutionException e) {
                out.add(null);
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re
                            : new ComponentException(component, ComponentException.Kind.INTERNAL, String.valueOf(cause), cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }
}
