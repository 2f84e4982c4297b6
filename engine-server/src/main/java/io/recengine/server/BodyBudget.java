package io.recengine.server;

import java.util.concurrent.Semaphore;

/**
 * A bound on the heap taken by the request bodies being decoded and served at once: a body is admitted
 * only while the bodies in flight plus its own charge stay within the capacity, so that N concurrent large
 * bodies (each of which becomes a JSON tree many times its size) cannot exhaust the heap. Admission never
 * waits: a body past the bound is refused at once (the caller answers 429). A charge larger than the whole
 * capacity is admitted alone. Thread-safe.
 */
final class BodyBudget {

    /** Permits are KiB, so that capacities beyond 2 GiB fit a semaphore. */
    private static final int UNIT = 1024;

    private final long capacityBytes;
    private final int capacityUnits;
    private final Semaphore units;

    BodyBudget(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 byte, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.capacityUnits = (int) Math.min(Integer.MAX_VALUE, (capacityBytes + UNIT - 1) / UNIT);
        this.units = new Semaphore(capacityUnits);
    }

    /** A reservation, released by {@link #close()} (idempotent). */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private static final Lease NOTHING = () -> { };

    /** Reserves {@code bytes}, or returns null when the bodies in flight leave no room for them. */
    Lease tryAcquire(long bytes) {
        if (bytes <= 0) {
            return NOTHING;
        }
        int n = (int) Math.min(capacityUnits, (bytes + UNIT - 1) / UNIT);
        if (!units.tryAcquire(n)) {
            return null;
        }
        return new Lease() {
            private boolean released;

            @Override
            public synchronized void close() {
                if (!released) {
                    released = true;
                    units.release(n);
                }
            }
        };
    }

    long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes reserved right now (rounded up to KiB per charge). */
    long inFlightBytes() {
        return (long) (capacityUnits - units.availablePermits()) * UNIT;
    }
}
