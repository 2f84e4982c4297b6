package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;

import java.util.List;

/**
 * One {@code RedisConfs} entry read with types and ranges, PAI-Rec's {@code RedisConfig}: the one reading the
 * datasource factory's {@code check} and {@link RedisDatasource} share. Immutable. The password is never
 * part of {@link #toString()}.
 *
 * @param host             {@code Host}, required
 * @param port             {@code Port} (6379)
 * @param password         {@code Password}, empty for none
 * @param dbNum            {@code DbNum}, the database SELECTed on connect (0)
 * @param maxIdle          {@code MaxIdle}, idle connections kept (PAI-Rec's redigo default 0 means none; we keep 8)
 * @param maxActive        {@code MaxActive}, connections at most (64)
 * @param connectTimeoutMs {@code ConnectTimeout} ms (PAI-Rec: 50)
 * @param readTimeoutMs    {@code ReadTimeout} ms, the per-call timeout on the socket (PAI-Rec: 100)
 * @param writeTimeoutMs   {@code WriteTimeout} ms, read as PAI-Rec does and folded into the socket timeout
 */
record RedisSettings(String host, int port, String password, int dbNum, int maxIdle, int maxActive,
                     int connectTimeoutMs, int readTimeoutMs, int writeTimeoutMs) {

    private static final int MAX_MS = 3_600_000;

    static RedisSettings read(ConfigReader r) {
        String host = r.require("Host");
        int port = r.integer("Port", 6379, 1, 65535);
        String password = r.string("Password", "");
        int db = r.integer("DbNum", 0, 0, 1 << 16);
        int maxIdle = r.integer("MaxIdle", 8, 0, 10_000);
        int maxActive = r.integer("MaxActive", 64, 1, 10_000);
        int connect = r.integer("ConnectTimeout", 0, 0, MAX_MS);
        int read = r.integer("ReadTimeout", 0, 0, MAX_MS);
        int write = r.integer("WriteTimeout", 0, 0, MAX_MS);
        return new RedisSettings(host, port, password, db, Math.min(maxIdle, maxActive), maxActive,
                connect > 0 ? connect : 50, read > 0 ? read : 100, write > 0 ? write : 100);
    }

    static List<ConfigException> check(ComponentConfig config) {
        return ConfigReader.check(config, config.path(), RedisSettings::read);
    }

    static RedisSettings of(ComponentConfig config) {
        return ConfigReader.read(config, config.path(), RedisSettings::read);
    }

    /** The socket timeout of a call: Jedis has one timeout for reads and writes, so the larger one. */
    int socketTimeoutMs() {
        return Math.max(readTimeoutMs, writeTimeoutMs);
    }

    @Override
    public String toString() {
        return "RedisSettings{" + host + ":" + port + " db=" + dbNum + " password=" + (password.isEmpty() ? "none" : "****")
                + " maxIdle=" + maxIdle + " maxActive=" + maxActive + " connectTimeout=" + connectTimeoutMs
                + "ms readTimeout=" + readTimeoutMs + "ms writeTimeout=" + writeTimeoutMs + "ms}";
    }
}
