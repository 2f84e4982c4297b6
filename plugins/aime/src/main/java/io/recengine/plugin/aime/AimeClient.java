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

    @Override
    default void close() {
    }
}
