package io.recengine.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test moves by hand ({@link #advance}, {@link #set}), optionally stepping on by a fixed
 * amount after each read ({@link #ticking}); thread-safe. For code that takes a {@link Clock}: expiries,
 * time windows and file stamps are then tested without waiting.
 */
public final class TestClock extends Clock {

    private final Duration step;
    private Instant now;

    /** A clock standing at {@code start} until moved. */
    public TestClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private TestClock(Instant start, Duration step) {
        this.now = start;
        this.step = step;
    }

    /** A clock at {@code start} that moves on by {@code step} after each read (each read a new time). */
    public static TestClock ticking(Instant start, Duration step) {
        return new TestClock(start, step);
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public synchronized void set(Instant t) {
        now = t;
    }

    @Override
    public synchronized Instant instant() {
        Instant t = now;
        now = now.plus(step);
        return t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: tests read it in UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
