package io.recengine.spi;

import java.time.Duration;

/**
 * A store for recall results, PAI-Rec's recall {@code CacheAdapter} ({@code redis}, {@code localCache}):
 * the engine asks it before a recall runs and fills it after a recall answered. The engine owns the keys
 * and the value format (see {@code docs/plugins.md}, "Recall result cache"); a cache only stores strings.
 *
 * <p>Thread-safe; shared by every request of the recall that built it. A failing store throws
 * {@link ComponentException}: the engine counts it and runs the recall instead, so a cache can never fail
 * a recall.
 */
public interface RecallCache extends AutoCloseable {

    /** The value stored under {@code key}, or null when there is none (never stored, or expired). */
    String get(String key);

    /** Stores {@code value} under {@code key} for {@code ttl}, replacing what was there. */
    void put(String key, String value, Duration ttl);

    /** True when {@link #get} and {@link #put} only touch memory of this process (no I/O, no waiting). */
    default boolean inProcess() {
        return false;
    }

    @Override
    default void close() {
    }
}
