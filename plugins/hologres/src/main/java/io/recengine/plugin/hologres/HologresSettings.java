package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;

import java.util.List;
import java.util.function.Function;

/**
 * One {@code HologresConfs} entry read with types and ranges: the one reading that the datasource
 * factory's {@code check} (what {@code validate} runs) and {@link HologresDatasource} (start-up) share, so
 * both refuse the same values with the same messages. Immutable.
 *
 * @param dsn                 {@code DSN} parsed (never echoed: it holds the password)
 * @param maxOpenConns        {@code MaxOpenConns}, the pool's maximum (env {@code HOLOGRES_MAX_OPEN_CONNS}, else 100)
 * @param maxIdleConns        {@code MaxIdleConns}, at most {@code maxOpenConns} (env {@code HOLOGRES_MAX_IDLE_CONNS}, else 10)
 * @param queryTimeoutMs      {@code QueryTimeout}, per statement; 0 = none (100)
 * @param connectionTimeoutMs {@code ConnectionTimeout}, the wait for a pooled connection, at least 250 (500)
 * @param connMaxLifetimeS    {@code ConnMaxLifetime} seconds (3600)
 */
record HologresSettings(HologresDsn dsn, int maxOpenConns, int maxIdleConns, int queryTimeoutMs,
                        int connectionTimeoutMs, long connMaxLifetimeS) {

    static final int DEFAULT_MAX_OPEN = 100;
    static final int DEFAULT_MAX_IDLE = 10;
    static final int DEFAULT_QUERY_TIMEOUT_MS = 100;
    static final int DEFAULT_CONNECTION_TIMEOUT_MS = 500;

    /** One hour: a longer statement or connection wait is a typo. */
    private static final int MAX_MS = 3_600_000;
    /** A pool larger than this is a typo (Hologres limits connections per instance far below). */
    private static final int MAX_CONNS = 10_000;

    /** Reads {@code config}; every problem goes to {@code r}, bad values read as their defaults. */
    static HologresSettings read(ConfigReader r, Function<String, String> env) {
        String component = r.config().path();
        HologresDsn dsn = null;
        try {
            dsn = HologresDsn.parse(component, r.string("DSN", ""));
            String connectTimeout = dsn.params().get("connect_timeout");
            if (connectTimeout != null && !connectTimeout.matches("\\d{1,6}")) {
                // pgjdbc would fail on it at start-up only
                r.problem("DSN", "parameter connect_timeout must be a number of seconds");
            }
        } catch (ConfigException e) {
            r.problem(e);
        }
        int maxOpen = r.integer("MaxOpenConns", envInt(env, "HOLOGRES_MAX_OPEN_CONNS", DEFAULT_MAX_OPEN), 1, MAX_CONNS);
        int maxIdle = r.integer("MaxIdleConns", envInt(env, "HOLOGRES_MAX_IDLE_CONNS", DEFAULT_MAX_IDLE), 0, MAX_CONNS);
        return new HologresSettings(dsn, maxOpen, Math.min(maxIdle, maxOpen),
                r.integer("QueryTimeout", DEFAULT_QUERY_TIMEOUT_MS, 0, MAX_MS),
                Math.max(250, r.integer("ConnectionTimeout", DEFAULT_CONNECTION_TIMEOUT_MS, 0, MAX_MS)),
                r.longValue("ConnMaxLifetime", 3600, 0, 365L * 24 * 3600));
    }

    /** Every problem of {@code config}, for the factory's {@code check}. */
    static List<ConfigException> check(ComponentConfig config, Function<String, String> env) {
        // messages name the entry by its place (HologresConfs.<name>): entries have no Name key
        return ConfigReader.check(config, config.path(), r -> read(r, env));
    }

    /** The settings of {@code config}; throws the first problem {@link #check} would report. */
    static HologresSettings of(ComponentConfig config, Function<String, String> env) {
        return ConfigReader.read(config, config.path(), r -> read(r, env));
    }

    private static int envInt(Function<String, String> env, String key, int def) {
        String v = env.apply(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n > 0 ? n : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
