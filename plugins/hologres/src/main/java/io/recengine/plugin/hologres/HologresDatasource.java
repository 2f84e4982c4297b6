package io.recengine.plugin.hologres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.PluginMetrics;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PgStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@code HologresConfs} entry: a pooled connection to Hologres (PostgreSQL wire protocol), shared by
 * every component that names it in {@code HologresName}.
 *
 * <p>Pool: HikariCP over a directly instantiated {@link PGSimpleDataSource} (no {@code DriverManager}).
 * Sizes as PAI-Rec: {@code MaxOpenConns} (default env {@code HOLOGRES_MAX_OPEN_CONNS}, else 100) is the
 * pool's maximum, {@code MaxIdleConns} (env {@code HOLOGRES_MAX_IDLE_CONNS}, else 10) the connections
 * kept open when idle; {@code ConnMaxLifetime} seconds (3600). A connection is waited for at most
 * {@code ConnectionTimeout} ms (500) and every statement runs under {@code QueryTimeout} ms (100, as
 * PAI-Rec's per-query context) unless the caller passes its own. Statements are server-side prepared
 * from their first use ({@code prepareThreshold=1}) and kept in the driver's per-connection statement
 * cache, so each SQL text built once by a component is parsed once per connection and reused.
 *
 * <p>Failures become {@link ComponentException}s: {@code TIMEOUT} for a cancelled statement,
 * {@code DEPENDENCY} otherwise (no connection within the wait, connection refused, SQL errors). The pool
 * retires broken connections by itself, so a restarted database is used again without restart.
 * Thread-safe.
 */
public final class HologresDatasource implements Datasource {

    private static final Logger LOG = LoggerFactory.getLogger(HologresDatasource.class);

    /** Binds the parameters of a prepared statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads a whole result set. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final String name;
    private final HologresDsn dsn;
    private final HikariDataSource pool;
    private final int queryTimeoutMs;
    private final PluginMetrics metrics;
    /** Whether the last connection attempt (start-up probe, query or update) reached the database. */
    private volatile boolean reachable;

    HologresDatasource(String name, ComponentConfig config, PluginMetrics metrics, Function<String, String> env) {
        String component = "HologresConfs." + name;
        this.name = name;
        this.metrics = metrics == null ? PluginMetrics.NOOP : metrics;
        HologresSettings settings = HologresSettings.of(config, env);
        this.dsn = settings.dsn();
        int maxOpen = settings.maxOpenConns();
        int maxIdle = settings.maxIdleConns();
        this.queryTimeoutMs = settings.queryTimeoutMs();
        int connectionTimeoutMs = settings.connectionTimeoutMs();
        long lifetimeMs = settings.connMaxLifetimeS() * 1000L;

        PGSimpleDataSource pg = dataSource(component, dsn, connectionTimeoutMs);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("hologres-" + name);
        hc.setDataSource(pg);
        hc.setMaximumPoolSize(maxOpen);
        hc.setMinimumIdle(maxIdle);
        hc.setConnectionTimeout(connectionTimeoutMs);
        hc.setValidationTimeout(Math.max(250, Math.min(connectionTimeoutMs, 1000)));
        hc.setMaxLifetime(Math.max(30_000L, lifetimeMs));
        hc.setKeepaliveTime(60_000L);
        hc.setAutoCommit(true);
        hc.setReadOnly(false);
        // start even when the database is unreachable: the pool keeps trying, requests degrade meanwhile
        hc.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hc);
        LOG.info("hologres datasource '{}': {} maxOpenConns={} maxIdleConns={} queryTimeout={}ms connectionTimeout={}ms",
                name, dsn, maxOpen, maxIdle, queryTimeoutMs, connectionTimeoutMs);
        try (Connection c = pool.getConnection()) {
            LOG.info("hologres datasource '{}' connected ({})", name, c.getMetaData().getDatabaseProductVersion());
            reachable = true;
        } catch (SQLException e) {
            LOG.warn("hologres datasource '{}' ({}) is not reachable yet: {}; components using it degrade until it is",
                    name, dsn, e.getMessage());
        }
    }

    private static PGSimpleDataSource dataSource(String component, HologresDsn dsn, int connectionTimeoutMs) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {dsn.host()});
        ds.setPortNumbers(new int[] {dsn.port()});
        ds.setDatabaseName(dsn.database());
        if (!dsn.user().isEmpty()) {
            ds.setUser(dsn.user());
        }
        if (!dsn.password().isEmpty()) {
            ds.setPassword(dsn.password());
        }
        ds.setApplicationName("recengine");
        ds.setConnectTimeout(Math.max(1, (connectionTimeoutMs + 999) / 1000));
        ds.setSocketTimeout(30);
        ds.setTcpKeepAlive(true);
        ds.setPrepareThreshold(1);
        for (Map.Entry<String, String> e : dsn.params().entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            try {
                switch (k.toLowerCase(Locale.ROOT)) {
                    case "sslmode" -> ds.setSslMode(v);
                    case "connect_timeout" -> ds.setConnectTimeout(Integer.parseInt(v));
                    case "application_name", "fallback_application_name" -> ds.setApplicationName(v);
                    case "binary_parameters", "disable_prepared_binary_result" -> {
                        // lib/pq-only switches, meaningless for pgjdbc
                    }
                    default -> {
                        PGProperty p = PGProperty.forName(k);
                        if (p == null) {
                            LOG.warn("{}: DSN parameter '{}' is not known to the PostgreSQL JDBC driver, ignored", component, k);
                        } else {
                            ds.setProperty(p, v);
                        }
                    }
                }
            } catch (RuntimeException e2) {
                throw new ConfigException(component, "DSN", "parameter " + k + ": " + e2.getMessage());
            }
        }
        return ds;
    }

    public String name() {
        return name;
    }

    /** The default per-statement timeout in milliseconds ({@code QueryTimeout}). */
    public int queryTimeoutMs() {
        return queryTimeoutMs;
    }

    /** The pool, for tests and benchmarks. */
    public javax.sql.DataSource pool() {
        return pool;
    }

    /**
     * Runs a query: borrows a connection, prepares {@code sql} (a reused server-side statement), binds,
     * executes under {@code timeoutMs} (the datasource default when {@code <= 0}) and reads the rows.
     *
     * @param component who asks, for errors and metrics
     */
    public <T> T query(String component, String sql, int timeoutMs, Binder binder, Reader<T> reader) {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            applyTimeout(ps, timeoutMs);
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                T out = reader.read(rs);
                reachable = true;
                metrics.recordNanos("hologres.query", System.nanoTime() - t0, "datasource", name, "outcome", "ok");
                return out;
            }
        } catch (SQLException e) {
            throw failure(component, e, t0);
        }
    }

    /** Runs an INSERT/UPDATE/DELETE under the timeout; returns the update count. */
    public int update(String component, String sql, int timeoutMs, Binder binder) {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            applyTimeout(ps, timeoutMs);
            binder.bind(ps);
            int n = ps.executeUpdate();
            reachable = true;
            metrics.recordNanos("hologres.query", System.nanoTime() - t0, "datasource", name, "outcome", "ok");
            return n;
        } catch (SQLException e) {
            throw failure(component, e, t0);
        }
    }

    private void applyTimeout(PreparedStatement ps, int timeoutMs) throws SQLException {
        int ms = timeoutMs > 0 ? timeoutMs : queryTimeoutMs;
        if (ms > 0) {
            ps.unwrap(PgStatement.class).setQueryTimeoutMs(ms);
        }
    }

    private ComponentException failure(String component, SQLException e, long t0) {
        boolean timeout = "57014".equals(e.getSQLState()); // query_canceled: our statement timeout fired
        String outcome = timeout ? "timeout" : "error";
        metrics.recordNanos("hologres.query", System.nanoTime() - t0, "datasource", name, "outcome", outcome);
        metrics.increment("hologres.errors", "datasource", name, "outcome", outcome);
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))) {
            reachable = false; // no connection from the pool, or SQLSTATE class 08: connection exception
        }
        String what = e instanceof SQLTransientConnectionException
                ? "no connection to hologres '" + name + "'"
                : "hologres '" + name + "' query failed";
        return new ComponentException(component, timeout ? ComponentException.Kind.TIMEOUT : ComponentException.Kind.DEPENDENCY,
                what + ": " + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
    }

    /** False from a failed connection attempt until a statement runs again (for the engine's health). */
    @Override
    public boolean available() {
        return reachable;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "HologresDatasource{" + name + ", " + dsn + "}";
    }
}
