package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static ComponentException down(int n) {
        return new ComponentException("m", ComponentException.Kind.DEPENDENCY, "down " + n);
    }

    @Test
    void theFirstSuccessfulAttemptAnswers() {
        AtomicInteger calls = new AtomicInteger();
        String v = Retry.upTo("m", 3, () -> {
            int n = calls.incrementAndGet();
            if (n < 2) {
                throw down(n);
            }
            return "ok" + n;
        });
        assertEquals("ok2", v);
        assertEquals(2, calls.get());
    }

    @Test
    void everyAttemptFailingThrowsTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        ComponentException e = assertThrows(ComponentException.class, () -> Retry.upTo("m", 3, () -> {
            throw down(calls.incrementAndGet());
        }));
        assertEquals("down 3", e.getMessage());
        assertEquals(3, calls.get());
    }

    @Test
    void oneAttemptMeansNoRetry() {
        AtomicInteger calls = new AtomicInteger();
        ComponentException e = assertThrows(ComponentException.class, () -> Retry.upTo("m", 1, () -> {
            throw down(calls.incrementAndGet());
        }));
        assertEquals("down 1", e.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void noAttemptFollowsOnceTheCallerIsInterrupted() {
        AtomicInteger calls = new AtomicInteger();
        ComponentException e = assertThrows(ComponentException.class, () -> Retry.upTo("m", 5, () -> {
            int n = calls.incrementAndGet();
            Thread.currentThread().interrupt(); // the caller's budget ran out during this attempt
            throw new ComponentException("m", ComponentException.Kind.TIMEOUT, "late " + n);
        }));
        assertEquals("late 1", e.getMessage());
        assertEquals(1, calls.get());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptedWaitIsATimeoutAndKeepsTheInterruptFlag() {
        ComponentException e = assertThrows(ComponentException.class, () -> Retry.upTo("m", 3, () -> {
            throw new InterruptedException();
        }));
        assertEquals(ComponentException.Kind.TIMEOUT, e.kind());
        assertEquals("m", e.component());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void aBugIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Retry.upTo("m", 3, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void fewerThanOneAttemptIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retry.upTo("m", 0, () -> "x"));
        assertTrue(e.getMessage().contains("m"));
    }
}
