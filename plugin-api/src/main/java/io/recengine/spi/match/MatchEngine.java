package io.recengine.spi.match;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The engine's embedded match engine: the same read as {@code GET /be}, without the HTTP hop, and
 * primary-key lookups in its detail tables. Thread-safe; every method answers from the current data
 * (updates by {@code /sendmsg} are visible at once).
 */
public interface MatchEngine {

    /**
     * Answers a read exactly as {@code GET /be} would with the same parameters (after URL decoding).
     * Never throws for bad input: problems come back as a non-zero {@link MatchResult#errorCode()}.
     */
    MatchResult read(MatchQuery query);

    /**
     * Rows of a detail table by primary key: key -> field -> value (text as loaded or written). Keys
     * without a row are absent from the answer.
     *
     * @throws IllegalArgumentException when no detail table has that name
     */
    Map<String, Map<String, String>> lookup(String table, Collection<String> keys);

    /**
     * One row of a detail table by primary key, or null: what {@link #lookup} answers for one key, without
     * building a map per call (feature loads ask once per candidate).
     *
     * @throws IllegalArgumentException when no detail table has that name
     */
    default Map<String, String> row(String table, String key) {
        return lookup(table, java.util.List.of(key)).get(key);
    }

    /**
     * One row of a detail table by primary key as a shared, immutable row (joined to items by reference,
     * {@link io.recengine.spi.Item#joinRow}), or null. The embedded engine answers its stored row; the
     * default wraps {@link #row}.
     *
     * @throws IllegalArgumentException when no detail table has that name
     */
    default io.recengine.spi.FeatureRow detailRow(String table, String key) {
        Map<String, String> row = row(table, key);
        return row == null ? null : io.recengine.spi.FeatureRow.of(row);
    }

    /** The names of the detail tables. */
    Set<String> detailTables();
}
