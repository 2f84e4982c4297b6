package io.recengine.plugin.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Datasource;
import io.recengine.spi.PluginMetrics;
import org.mariadb.jdbc.MariaDbDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * One {@code MysqlConfs} entry: a HikariCP pool over the MariaDB driver. {@code DSN} is the Go driver's DSN
 * PAI-Rec uses; {@code MaxOpenConns} (100) and {@code MaxIdleConns} (50) are PAI-Rec's pool sizes;
 * {@code QueryTimeout} (ms, default 100, PAI-Rec's feature query timeout) bounds every call on the socket and
 * {@code ConnectionTimeout} (ms, default 500) the wait for a connection. The engine starts with the database
 * down; calls fail ({@code DEPENDENCY} / {@code TIMEOUT}, counted as {@code mysql.errors}) until it is back,
 * and the pool reconnects by itself. Nothing printed holds the password.
 */
final class MysqlDatasource implements Datasource {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlDatasource.class);

    /** Binds the parameters of a statement. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads a result set. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The settings of one entry, read alike by {@code check} and start-up. */
    record Settings(MysqlDsn dsn, int maxOpen, int maxIdle, int queryTimeoutMs, int connectionTimeoutMs) {
        static Settings read(ConfigReader r) {
            MysqlDsn dsn = null;
            try {
                dsn = MysqlDsn.parse(r.config().path(), r.string("DSN", ""));
            } catch (ConfigException e) {
                r.problem(e);
            }
            int maxOpen = r.integer("MaxOpenConns", 100, 1, 10_000);
            int maxIdle = r.integer("MaxIdleConns", 50, 0, 10_000);
            return new Settings(dsn, maxOpen, Math.min(maxIdle, maxOpen), r.integer("QueryTimeout", 100, 1, 3_600_000),
                    Math.max(250, r.integer("ConnectionTimeout", 500, 0, 3_600_000)));
        }

        static List<ConfigException> check(ComponentConfig c) {
            return ConfigReader.check(c, c.path(), Settings::read);
        }
    }

    private final String name;
    private final Settings settings;
    private final HikariDataSource pool;
    private final PluginMetrics metrics;
    private volatile boolean reachable;

    MysqlDatasource(String name, ComponentConfig config, PluginMetrics metrics) {
        this.name = name;
        this.metrics = metrics == null ? PluginMetrics.NOOP : metrics;
        this.settings = ConfigReader.read(config, config.path(), Settings::read);
        MysqlDsn dsn = settings.dsn();
        MariaDbDataSource maria;
        try {
            // connect and socket timeouts in ms: the socket timeout is the per-call bound
            maria = new MariaDbDataSource("jdbc:mariadb://" + dsn.host() + ":" + dsn.port() + "/" + dsn.database()
                    + "?connectTimeout=" + settings.connectionTimeoutMs() + "&socketTimeout=" + settings.queryTimeoutMs()
                    + "&tcpKeepAlive=true");
            if (!dsn.user().isEmpty()) {
                maria.setUser(dsn.user());
            }
            if (!dsn.password().isEmpty()) {
                maria.setPassword(dsn.password());
            }
        } catch (SQLException e) {
            throw new ConfigException(config.path(), "DSN", "not usable: " + e.getMessage());
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("mysql-" + name);
        hc.setDataSource(maria);
        hc.setMaximumPoolSize(settings.maxOpen());
        hc.setMinimumIdle(settings.maxIdle());
        hc.setConnectionTimeout(settings.connectionTimeoutMs());
        hc.setValidationTimeout(Math.max(250, Math.min(settings.connectionTimeoutMs(), 1000)));
        hc.setKeepaliveTime(60_000L);
        // start even when the database is unreachable: the pool keeps trying, requests degrade meanwhile
        hc.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hc);
        LOG.info("mysql datasource '{}': {} maxOpenConns={} maxIdleConns={} queryTimeout={}ms connectionTimeout={}ms",
                name, dsn, settings.maxOpen(), settings.maxIdle(), settings.queryTimeoutMs(), settings.connectionTimeoutMs());
        try (Connection c = pool.getConnection()) {
            reachable = true;
            LOG.info("mysql datasource '{}' connected ({})", name, c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            LOG.warn("mysql datasource '{}' ({}) is not reachable yet: {}; components using it degrade until it is",
                    name, dsn, e.getMessage());
        }
    }

    /** Runs a query on a pooled connection. */
    <T> T query(String component, String sql, Binder binder, Reader<T> reader) {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                T out = reader.read(rs);
                reachable = true;
                metrics.recordNanos("mysql.query", System.nanoTime() - t0, "datasource", name, "outcome", "ok");
                return out;
            }
        } catch (SQLException e) {
            throw failure(component, e, t0);
        }
    }

    /** Runs one statement as a batch, once per {@code binders} entry (one round trip); returns the row count. */
    int updateBatch(String component, String sql, List<Binder> binders) {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Binder b : binders) {
                b.bind(ps);
                ps.addBatch();
            }
            int n = 0;
            for (int count : ps.executeBatch()) {
                n += Math.max(0, count);
            }
            reachable = true;
            metrics.recordNanos("mysql.query", System.nanoTime() - t0, "datasource", name, "outcome", "ok");
            return n;
        } catch (SQLException e) {
            throw failure(component, e, t0);
        }
    }

    private ComponentException failure(String component, SQLException e, long t0) {
        boolean timeout = e instanceof SQLTimeoutException || String.valueOf(e.getMessage()).contains("timed out");
        String outcome = timeout ? "timeout" : "error";
        metrics.recordNanos("mysql.query", System.nanoTime() - t0, "datasource", name, "outcome", outcome);
        metrics.increment("mysql.errors", "datasource", name, "outcome", outcome);
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))) {
            reachable = false; // no connection from the pool, or SQLSTATE class 08: connection exception
        }
        return new ComponentException(component, timeout ? ComponentException.Kind.TIMEOUT : ComponentException.Kind.DEPENDENCY,
                "mysql '" + name + "' query failed: " + e.getMessage(), e);
    }

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
        return "MysqlDatasource{" + name + ", " + settings.dsn() + "}";
    }
}
