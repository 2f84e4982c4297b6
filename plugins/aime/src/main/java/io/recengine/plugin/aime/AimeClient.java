package io.recengine.plugin.aime;

import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;

/** Sends a {@code /be} read: over HTTP, or in process to the embedded match engine. Thread-safe. */
interface AimeClient extends AutoCloseable {

    /**
     * @throws io.recengine.spi.ComponentException when the endpoint fails (transport, non-200, garbage);
     *         an AIME error ({@code errorCode != 0}) comes back as a result
     */
    MatchResult read(MatchQuery query);

    /** True for the embedded match engine: a read is in-memory work ({@code Recall.inProcess()}). */
    default boolean inProcess() {
        return false;
    }

    /** The embedded match engine's reads, without the HTTP hop. */
    static AimeClient embedded(io.recengine.spi.match.MatchEngine engine) {
        return new AimeClient() {
            @Override
            public MatchResult read(MatchQuery query) {
                return engine.read(query);
            }

            @Override
            public boolean inProcess() {
                return true;
            }
        };
    }

    @Override
    default void close() {
    }
}
