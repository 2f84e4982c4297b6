package io.recengine.core.debuglog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread that writes debug log records, off the request path: requests hand it a stage's snapshot
 * through a bounded queue and never wait; when the queue is full the stage's records are dropped and
 * counted ({@link #dropped()}, logged once per 1000). One daemon thread for the process, started on the
 * first record, so an engine whose requests are never chosen has no thread.
 */
final class DebugLogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DebugLogWriter.class);
    static final int QUEUE_SIZE = 4096;

    private static volatile DebugLogWriter shared;

    private final BlockingQueue<Runnable> queue;
    private final int queueSize;
    private final AtomicLong dropped = new AtomicLong();

    DebugLogWriter(int queueSize) {
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.queueSize = queueSize;
    }

    static DebugLogWriter shared() {
        DebugLogWriter w = shared;
        if (w == null) {
            synchronized (DebugLogWriter.class) {
                w = shared;
                if (w == null) {
                    w = new DebugLogWriter(QUEUE_SIZE);
                    w.start();
                    shared = w;
                }
            }
        }
        return w;
    }

    void start() {
        Thread t = new Thread(this::drain, "recengine-debug-log");
        t.setDaemon(true);
        t.start();
    }

    /** Queues {@code task}; false (and counted) when the queue is full. Never blocks. */
    boolean offer(Runnable task) {
        if (queue.offer(task)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        if (n % 1000 == 1) {
            LOG.warn("debug log queue full ({} entries): {} stage records dropped so far", queueSize, n);
        }
        return false;
    }

    long dropped() {
        return dropped.get();
    }

    /** Waits until what was queued before this call is written (tests, shutdown); false on timeout. */
    boolean awaitWritten(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (!queue.offer(done::countDown, timeout, unit)) {
            return false;
        }
        return done.await(timeout, unit);
    }

    private void drain() {
        while (true) {
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("debug log write failed", e);
            }
        }
    }
}
