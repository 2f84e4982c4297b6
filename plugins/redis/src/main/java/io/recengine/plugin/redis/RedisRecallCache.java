package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecallCache;
import io.recengine.spi.RecallCacheFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * PAI-Rec's recall {@code CacheAdapter: redis}: {@code GET} before the recall, {@code SETEX} after it, on
 * the connection PAI-Rec's {@code CacheConfig} describes ({@code {"host":...,"port":...,"password":...,
 * "maxIdle":...}}, read like a {@code RedisConfs} entry, so {@code DbNum} and the timeouts apply too), or,
 * a RecEngine extension, on a shared {@code RedisConfs} entry named by {@code CacheConfig.RedisName}. Keys
 * and values are the engine's (see {@code docs/plugins.md}). Failures throw; the engine then runs the recall.
 */
final class RedisRecallCache implements RecallCache {

    private final String component;
    private final RedisDatasource redis;
    /** True when the connection pool is this cache's own, closed with it. */
    private final boolean owned;

    private RedisRecallCache(String component, RedisDatasource redis, boolean owned) {
        this.component = component;
        this.redis = redis;
        this.owned = owned;
    }

    @Override
    public String get(String key) {
        return redis.call(component, j -> j.get(key));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redis.call(component, j -> j.setex(key, Math.max(1, ttl.toSeconds()), value));
    }

    @Override
    public void close() {
        if (owned) {
            redis.close();
        }
    }

    @Override
    public String toString() {
        return "RedisRecallCache{" + redis + "}";
    }

    /** The {@code redis} adapter. */
    static final class Factory implements RecallCacheFactory {

        @Override
        public String type() {
            return "redis";
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            if (!config.string("RedisName").isEmpty()) {
                return List.of();
            }
            if (config.string("Host").isEmpty()) {
                return List.of(new ConfigException(config.path(), "host",
                        "is required (or RedisName, a RedisConfs entry), e.g. {\"host\":\"127.0.0.1\",\"port\":6379}"));
            }
            return RedisSettings.check(config);
        }

        @Override
        public RecallCache create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            String component = "recall cache " + config.path();
            String shared = config.string("RedisName");
            if (!shared.isEmpty()) {
                return new RedisRecallCache(component, context.datasource(RedisPlugin.CONFS, shared,
                        RedisDatasource.class), false);
            }
            return new RedisRecallCache(component, new RedisDatasource(config.path(), config, context.metrics()), true);
        }

        @Override
        public Set<String> secretKeys() {
            return RedisPlugin.SECRET_KEYS;
        }
    }
}
