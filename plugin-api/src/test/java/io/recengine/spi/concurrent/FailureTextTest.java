package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;
import io.recengine.spi.concurrent.Fanout.Outcome;
import io.recengine.spi.concurrent.Fanout.Result;
import org.junit.jupiter.api.Test;

import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The neutral words clients see, and the metric labels, for every outcome. */
class FailureTextTest {

    private static final String C = "recall 'be_x2i'";

    @Test
    void everyOutcomeHasItsLabelAndNeutralText() {
        ComponentException down = new ComponentException("be_x2i", ComponentException.Kind.DEPENDENCY,
                "AIME read failed: http://127.0.0.1:1/be: java.net.ConnectException");
        check(Result.of(Outcome.FAILED, null, down), "error", C + " failed (dependency)");
        check(Result.of(Outcome.FAILED, null, new IllegalStateException("x in com.example.Y")), "error", C + " failed (error)");
        check(Result.of(Outcome.FAILED, null, new ComponentException("c", ComponentException.Kind.BAD_INPUT, "m")),
                "error", C + " failed (bad input)");
        check(Result.of(Outcome.TIMEOUT, null, null), "timeout", C + " timeout after 100 ms");
        check(Result.of(Outcome.TIMEOUT, null, new ComponentException("c", ComponentException.Kind.TIMEOUT, "m")),
                "timeout", C + " timeout (reported by the component)");
        check(Result.of(Outcome.REJECTED, null, new RejectedExecutionException("Task x rejected from y")),
                "rejected", C + " rejected (pool full)");
        check(Result.of(Outcome.REJECTED, null, Bulkhead.of("be_x2i", 16).refusal()), "bulkhead",
                C + " rejected (concurrency limit 16 reached)");
        check(Result.of(Outcome.INTERRUPTED, null, null), "interrupted", C + " interrupted");
        check(Result.of(Outcome.OK, "v", null), "ok", C + " ok");
        assertEquals(C + " timeout (request deadline)", FailureText.of(C, Result.of(Outcome.TIMEOUT, null, null), 0));
    }

    @Test
    void failuresOutsideAFanoutUseTheSameWords() {
        assertEquals("filter 'f' failed (error)", FailureText.of("filter 'f'", new NullPointerException("a.b.C")));
        assertEquals("error", FailureText.label(new NullPointerException()));
        assertEquals("timeout", FailureText.label(new ComponentException("c", ComponentException.Kind.TIMEOUT, "m")));
    }

    private static void check(Result<?> r, String label, String text) {
        assertEquals(label, FailureText.label(r));
        assertEquals(text, FailureText.of(C, r, 100));
    }
}
