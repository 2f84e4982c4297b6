package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote call tried up to a number of attempts, the way PAI-Rec's model clients honour {@code RetryTimes}:
 * each attempt runs under its own timeout (the caller's business), a failed one is followed by the next at
 * once (no back-off: the whole thing runs inside one request's rank budget), and when every attempt failed
 * the last failure is thrown.
 *
 * <p>A failed attempt is one that throws {@link ComponentException} (a timeout, an unreachable server, an
 * error status, a garbage answer); any other exception is a bug and propagates at once. No attempt starts
 * once the calling thread is interrupted: that is how {@link Fanout} says the caller's budget is over, so a
 * retry could only answer after nobody waits for it. Stateless.
 */
public final class Retry {

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    /** One attempt of the call. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * @throws ComponentException   when this attempt failed (another may follow)
         * @throws InterruptedException when the thread was interrupted while waiting (no attempt follows)
         */
        T call() throws InterruptedException;
    }

    private Retry() {
    }

    /**
     * The value of the first attempt that succeeds.
     *
     * @param component names the component in the failure of an interrupted call and in the log
     * @param attempts  how many attempts at most, 1 or more
     * @throws ComponentException the last attempt's failure; or, of kind {@code TIMEOUT}, when the thread was
     *                            interrupted (its interrupt flag is set again)
     */
    public static <T> T upTo(String component, int attempts, Attempt<T> attempt) {
        if (attempts < 1) {
            throw new IllegalArgumentException(component + ": attempts must be at least 1, got " + attempts);
        }
        ComponentException last = null;
        for (int n = 1; n <= attempts; n++) {
            try {
                return attempt.call();
            } catch (ComponentException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentException(component, ComponentException.Kind.TIMEOUT,
                        "interrupted in attempt " + n + " of " + attempts, e);
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (n < attempts) {
                LOG.debug("{}: attempt {} of {} failed: {}", component, n, attempts, last.getMessage());
            }
        }
        throw last;
    }
}
