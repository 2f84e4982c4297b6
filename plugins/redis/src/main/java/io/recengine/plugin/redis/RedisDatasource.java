package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Datasource;
import io.recengine.spi.PluginMetrics;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Function;

/**
 * One {@code RedisConfs} entry: a pool of Redis connections ({@code DbNum} selected, {@code Password}
 * sent on connect), shared by every component that names it in {@code RedisName}.
 *
 * <p>Calls are bounded: borrowing a connection waits at most {@code ConnectTimeout}, every reply at most
 * the socket timeout ({@code ReadTimeout} / {@code WriteTimeout}). A failure becomes a
 * {@link ComponentException} ({@code TIMEOUT} or {@code DEPENDENCY}), counted as
 * {@code redis.errors}; the broken connection is dropped, so the pool reconnects by itself when the
 * server is back. The engine starts even when Redis is down. Messages never hold the password.
 */
final class RedisDatasource implements Datasource {

    private static final Logger LOG = LoggerFactory.getLogger(RedisDatasource.class);

    private final String name;
    private final RedisSettings settings;
    private final JedisPool pool;
    private final PluginMetrics metrics;
    /** Whether the last call reached the server. */
    private volatile boolean reachable;

    RedisDatasource(String name, ComponentConfig config, PluginMetrics metrics) {
        this.name = name;
        this.settings = RedisSettings.of(config);
        this.metrics = metrics == null ? PluginMetrics.NOOP : metrics;
        GenericObjectPoolConfig<Jedis> pc = new GenericObjectPoolConfig<>();
        pc.setMaxTotal(settings.maxActive());
        pc.setMaxIdle(settings.maxIdle());
        pc.setMinIdle(0);
        // a request must not wait for a connection longer than it would wait to open one
        pc.setMaxWait(Duration.ofMillis(Math.max(50, settings.connectTimeoutMs())));
        pc.setBlockWhenExhausted(true);
        // idle connections are checked in the background, so a restart is noticed without a failed request
        pc.setTestWhileIdle(true);
        pc.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        pc.setJmxEnabled(false);
        this.pool = new JedisPool(pc, settings.host(), settings.port(), settings.connectTimeoutMs(),
                settings.socketTimeoutMs(), settings.password().isEmpty() ? null : settings.password(),
                settings.dbNum(), "recengine");
        LOG.info("redis datasource '{}': {}", name, settings);
        try {
            call("RedisConfs." + name, Jedis::ping);
            LOG.info("redis datasource '{}' connected", name);
        } catch (ComponentException e) {
            LOG.warn("redis datasource '{}' is not reachable yet: {}; components using it degrade until it is",
                    name, e.getMessage());
        }
    }

    String name() {
        return name;
    }

    RedisSettings settings() {
        return settings;
    }

    /**
     * Runs {@code work} on a pooled connection.
     *
     * @param component who asks, for errors
     */
    <T> T call(String component, Function<Jedis, T> work) {
        long t0 = System.nanoTime();
        try (Jedis jedis = pool.getResource()) {
            T out = work.apply(jedis);
            reachable = true;
            metrics.recordNanos("redis.call", System.nanoTime() - t0, "datasource", name, "outcome", "ok");
            return out;
        } catch (JedisException e) {
            boolean timeout = isTimeout(e);
            String outcome = timeout ? "timeout" : "error";
            metrics.recordNanos("redis.call", System.nanoTime() - t0, "datasource", name, "outcome", outcome);
            metrics.increment("redis.errors", "datasource", name, "outcome", outcome);
            if (e instanceof JedisConnectionException) {
                reachable = false;
            }
            throw new ComponentException(component, timeout ? ComponentException.Kind.TIMEOUT
                    : ComponentException.Kind.DEPENDENCY, "redis '" + name + "' call failed: " + e.getMessage(), e);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
        return "RedisDatasource{" + name + ", " + settings.host() + ":" + settings.port() + "}";
    }
}
