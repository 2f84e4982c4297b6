package io.recengine.core.pipeline;

import io.recengine.spi.ComponentException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The state of one remote the engine depends on (a datasource, a callback sink), as {@code /health} and the
 * {@code recengine.dependency.up} gauge show it. {@code state} is a short text without addresses or class
 * names: those stay in the log.
 *
 * @param kind  {@link #DATASOURCE} or {@link #CALLBACK_SINK}
 * @param name  {@code HologresConfs.<name>} for a datasource, {@code <type>:<name>} for a callback sink
 * @param up    whether the remote answered the last time it was tried
 * @param state {@code up}, or why not
 */
public record Dependency(String kind, String name, boolean up, String state) {

    public static final String DATASOURCE = "datasource";
    public static final String CALLBACK_SINK = "callback_sink";

    /**
     * True when {@code failure} says the remote could not be reached (connection refused, unknown host, a
     * timeout, a {@code DEPENDENCY} or {@code TIMEOUT} {@link ComponentException}, SQLSTATE class 08)
     * rather than that the config is wrong: a component failing that way at start degrades instead of
     * stopping the engine. Looks through the whole cause chain, since factories wrap library failures.
     */
    public static boolean isUnreachable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof ComponentException ce && (ce.kind() == ComponentException.Kind.DEPENDENCY
                    || ce.kind() == ComponentException.Kind.TIMEOUT)) {
                return true;
            }
            if (t instanceof SQLException se && se.getSQLState() != null && se.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
