package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test plugin: callback sink type {@code controlled}, whose outage the test switches and whose writes it
 * can hold at a gate, recording every row it accepted. Registered through a test class loader (see
 * {@link CallbackDeliveryTest}). Tests wait on latches and on the rows' monitor, never on elapsed time.
 */
public final class ControlledSinkPlugin implements Plugin {

    /** How long a test waits for a condition before it fails (a guard against hanging, not a timing). */
    static final long GUARD_MS = 30_000;

    static volatile boolean down;
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    /** One permit per write call that reached the sink (before the gate). */
    static final Semaphore ENTERED = new Semaphore(0);
    /** Rows accepted, in write order; its monitor is notified on every accepted write. */
    static final List<CallbackRow> ROWS = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong FAILED_CALLS = new AtomicLong();

    static void reset() {
        down = false;
        gate.countDown();
        gate = new CountDownLatch(0);
        ENTERED.drainPermits();
        ROWS.clear();
        FAILED_CALLS.set(0);
    }

    /** From now on, every write waits at the gate until {@link #release}. */
    static void hold() {
        gate = new CountDownLatch(1);
    }

    /** Opens the gate: held writes go on. */
    static void release() {
        gate.countDown();
    }

    /** Waits until a write call has reached the sink; false when none did within the guard. */
    static boolean awaitWriteEntered() throws InterruptedException {
        return ENTERED.tryAcquire(GUARD_MS, TimeUnit.MILLISECONDS);
    }

    /** Waits until at least {@code n} rows were accepted; false when they were not within the guard. */
    static boolean awaitRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GUARD_MS);
        synchronized (ROWS) {
            while (ROWS.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                ROWS.wait(left);
            }
            return true;
        }
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new CallbackSinkFactory() {
            @Override
            public String type() {
                return "controlled";
            }

            @Override
            public CallbackSink create(ComponentConfig config, PluginContext context) {
                return rows -> {
                    ENTERED.release();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ComponentException("controlled", ComponentException.Kind.DEPENDENCY, "interrupted");
                    }
                    if (down) {
                        FAILED_CALLS.incrementAndGet();
                        throw new ComponentException("controlled", ComponentException.Kind.DEPENDENCY, "sink down");
                    }
                    synchronized (ROWS) {
                        ROWS.addAll(rows);
                        ROWS.notifyAll();
                    }
                };
            }
        });
    }
}
