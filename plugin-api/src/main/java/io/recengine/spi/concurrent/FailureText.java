package io.recengine.spi.concurrent;

import io.recengine.spi.ComponentException;

import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one mapping from how a component call ended to what is shown of it: the metric label and the
 * neutral text a client may see (debug {@code logs}, {@code /api/recall} {@code errors}).
 *
 * <p>The text names the component and the outcome only, never the exception's message or class: those
 * carry internal URLs, hosts, SQL and class names ({@code AIME read failed: http://10.0.0.5/be:
 * java.net.ConnectException}) and belong in the engine's log, which keeps them. Stateless.
 */
public final class FailureText {

    /** Metric label of a task its component's {@link Bulkhead} refused. */
    public static final String BULKHEAD = "bulkhead";

    private FailureText() {
    }

    /**
     * The metric label ({@code outcome} tag): {@code ok}, {@code timeout}, {@code error}, {@code rejected}
     * (the pool was full), {@value #BULKHEAD} (the component was at its concurrency limit) or
     * {@code interrupted}.
     */
    public static String label(Fanout.Result<?> result) {
        return switch (result.outcome()) {
            case OK -> "ok";
            case TIMEOUT -> "timeout";
            case FAILED -> "error";
            case REJECTED -> result.failure() instanceof Bulkhead.FullException ? BULKHEAD : "rejected";
            case INTERRUPTED -> "interrupted";
        };
    }

    /**
     * The metric label of a failure met outside a fan-out: {@value #BULKHEAD} or {@code rejected} for a
     * refusal ({@link Bulkhead.FullException}, {@link RejectedExecutionException}), {@code timeout} for a
     * reported timeout, else {@code error}.
     */
    public static String label(Throwable failure) {
        if (failure instanceof Bulkhead.FullException) {
            return BULKHEAD;
        }
        if (failure instanceof RejectedExecutionException) {
            return "rejected";
        }
        return isTimeout(failure) ? "timeout" : "error";
    }

    /**
     * The neutral text of a task's outcome, e.g. {@code recall 'be_x2i' failed (dependency)},
     * {@code recall 'be_x2i' timeout after 100 ms}, {@code recall 'be_x2i' rejected (concurrency limit 16
     * reached)}.
     *
     * @param component how the text names the component, e.g. {@code recall 'be_x2i'}
     * @param budgetMs  the task's budget, shown for a timeout it did not report itself; 0 or less when it
     *                  had none but the request deadline
     */
    public static String of(String component, Fanout.Result<?> result, long budgetMs) {
        Throwable failure = result.failure();
        return switch (result.outcome()) {
            case OK -> component + " ok";
            case TIMEOUT -> failure != null ? of(component, failure)
                    : component + (budgetMs > 0 ? " timeout after " + budgetMs + " ms" : " timeout (request deadline)");
            case FAILED -> of(component, failure);
            case REJECTED -> of(component, failure instanceof RejectedExecutionException ? failure
                    : new RejectedExecutionException());
            case INTERRUPTED -> component + " interrupted";
        };
    }

    /**
     * The neutral text of a failure: {@code <component> rejected (concurrency limit N reached)} or
     * {@code <component> rejected (pool full)} for a refusal, {@code <component> timeout} when it reported a
     * timeout, else {@code <component> failed (<kind>)}, the kind of a {@link ComponentException}
     * ({@code dependency}, {@code bad input}, {@code internal}) or {@code error} for any other exception.
     */
    public static String of(String component, Throwable failure) {
        if (failure instanceof Bulkhead.FullException full) {
            return component + " rejected (concurrency limit " + full.bulkhead().limit() + " reached)";
        }
        if (failure instanceof RejectedExecutionException) {
            return component + " rejected (pool full)";
        }
        if (isTimeout(failure)) {
            return component + " timeout (reported by the component)";
        }
        String kind = failure instanceof ComponentException ce
                ? ce.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') : "error";
        return component + " failed (" + kind + ")";
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof ComponentException ce && ce.kind() == ComponentException.Kind.TIMEOUT;
    }
}
