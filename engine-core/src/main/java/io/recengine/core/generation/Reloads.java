package io.recengine.core.generation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs reloads one at a time, off the request path, and retires the generations they replace. Requests
 * that arrive while a reload runs are coalesced: they all wait for the one next reload, which reads the
 * files as they are by then (a burst of saves is one reload, and no request is answered by a reload that
 * read the files before it was made). Old generations are retired in order on their own thread, so a
 * generation's components are never closed while an older generation that shares them still drains.
 * Thread-safe.
 */
public final class Reloads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reloads.class);

    /** The triggers of the next reload and the future they wait on. */
    private static final class Batch {
        final Set<String> triggers = new LinkedHashSet<>();
        final CompletableFuture<ReloadOutcome> done = new CompletableFuture<>();
    }

    private final Function<List<String>, ReloadOutcome> reload;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("recengine-reload"));
    private final ExecutorService retirer = Executors.newSingleThreadExecutor(daemon("recengine-retire"));
    private final List<Consumer<ReloadOutcome>> listeners = new CopyOnWriteArrayList<>();
    private Batch waiting;
    private volatile ReloadOutcome last;

    /** @param reload one reload: reads, validates, builds and swaps; given the triggers, never throws */
    public Reloads(Function<List<String>, ReloadOutcome> reload) {
        this.reload = reload;
    }

    /**
     * Asks for a reload; completes with the outcome of the first reload that starts after this call (failed
     * when the engine closes first).
     */
    public synchronized CompletableFuture<ReloadOutcome> request(String trigger) {
        if (waiting == null) {
            Batch b = new Batch();
            try {
                worker.execute(this::runWaiting);
            } catch (RejectedExecutionException e) {
                b.done.completeExceptionally(new IllegalStateException("the engine is closing"));
                return b.done;
            }
            waiting = b;
        }
        waiting.triggers.add(trigger);
        return waiting.done;
    }

    private void runWaiting() {
        Batch b;
        synchronized (this) {
            b = waiting;
            waiting = null;
        }
        if (b == null) {
            return;
        }
        ReloadOutcome o;
        try {
            o = reload.apply(new ArrayList<>(b.triggers));
        } catch (RuntimeException | Error e) {
            LOG.error("reload ({}) failed unexpectedly", b.triggers, e);
            b.done.completeExceptionally(e);
            return;
        }
        last = o;
        for (Consumer<ReloadOutcome> l : listeners) {
            try {
                l.accept(o);
            } catch (RuntimeException e) {
                LOG.warn("reload listener failed", e);
            }
        }
        b.done.complete(o);
    }

    /**
     * Runs {@code retirement} (wait for the old generation's requests, then close it) after the ones
     * before it. Runs it at once when the engine is closing.
     */
    public void retire(Runnable retirement) {
        try {
            retirer.execute(retirement);
        } catch (RejectedExecutionException e) {
            retirement.run();
        }
    }

    /** Completes once the retirements asked for so far have run. */
    public CompletableFuture<Void> retired() {
        try {
            return CompletableFuture.runAsync(() -> { }, retirer);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The last reload's outcome; null before the first. */
    public ReloadOutcome last() {
        return last;
    }

    /** Called after every reload, on the reload thread. */
    public void addListener(Consumer<ReloadOutcome> listener) {
        listeners.add(listener);
    }

    /** Lets a running reload finish, drops waiting ones, then retires the old generations still draining. */
    @Override
    public void close() {
        Batch dropped;
        synchronized (this) {
            worker.shutdown();
            dropped = waiting;
            waiting = null;
        }
        if (dropped != null) {
            dropped.done.completeExceptionally(new IllegalStateException("the engine closed before the reload"));
        }
        await(worker, "a reload");
        retirer.shutdown();
        await(retirer, "retiring an old generation");
    }

    private static void await(ExecutorService s, String what) {
        try {
            if (!s.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("{} still running at shutdown", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
