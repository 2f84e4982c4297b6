package io.recengine.core.pipeline;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that runs beside the request thread: the mini-pipelines of {@code PipelineConfs} (run
 * beside the scene's own recall, as PAI-Rec does), the {@code ColdStartRankConfs} model (beside the main
 * models) and a scene run under {@code FallbackConfig} (the request thread waits at most the fallback's
 * {@code Timeout}). These threads
 * mostly wait on the recall and plugin pools, so the pool is sized by requests in flight, not by cores.
 * No queue: a task that finds no thread is refused at once and its caller runs it (mini-pipelines) or
 * answers the fallback, so a task never waits behind another that waits on it. Idle threads end after
 * 30 s; never shut down (daemon threads), so a generation can be dropped while its late runs finish.
 */
final class StagePool {

    /** At most this many pipeline runs at once (each is a request in flight, or a mini-pipeline of one). */
    static final int MAX_THREADS = 256;

    private StagePool() {
    }

    /** One pool for the process: it bounds the threads of every generation and scene together. */
    private static volatile ExecutorService shared;

    /** The process's pool, made on first use. */
    static ExecutorService shared() {
        ExecutorService p = shared;
        if (p == null) {
            synchronized (StagePool.class) {
                p = shared;
                if (p == null) {
                    p = create();
                    shared = p;
                }
            }
        }
        return p;
    }

    static ExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "recengine-stage-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), tf,
                new ThreadPoolExecutor.AbortPolicy());
    }
}
