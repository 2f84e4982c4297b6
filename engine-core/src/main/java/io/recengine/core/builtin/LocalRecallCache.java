package io.recengine.core.builtin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecallCache;
import io.recengine.spi.RecallCacheFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PAI-Rec's {@code CacheAdapter: localCache}: recall answers kept in this process, each for the time it was
 * stored with ({@code CacheTime}). One cache per recall, as PAI-Rec builds one per recall. PAI-Rec's
 * {@code CacheConfig} ({@code defaultExpiration}, {@code cleanupInterval}) has nothing to set here: every
 * entry carries its own time and Caffeine drops expired entries itself. {@code MaxSize} (entries, 100,000
 * by default; a RecEngine extension) bounds the memory: past it the least used answers go first.
 */
public final class LocalRecallCache implements RecallCache {

    static final int DEFAULT_MAX_SIZE = 100_000;

    private record Entry(String value, long ttlNanos) {
    }

    private final Cache<String, Entry> cache;

    LocalRecallCache(int maxSize, Clock clock) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long now) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long now, long current) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public String get(String key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : e.value();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        cache.put(key, new Entry(value, Math.max(1, ttl.toNanos())));
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    @Override
    public String toString() {
        return "localCache";
    }

    /** The {@code localCache} adapter. */
    public static final class Factory implements RecallCacheFactory {

        private static int maxSize(ConfigReader r) {
            return r.integer("MaxSize", DEFAULT_MAX_SIZE, 1, 100_000_000);
        }

        @Override
        public String type() {
            return "localCache";
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            return ConfigReader.check(config, config.path(), Factory::maxSize);
        }

        @Override
        public RecallCache create(ComponentConfig config, PluginContext context) {
            return new LocalRecallCache(ConfigReader.read(config, config.path(), Factory::maxSize), context.clock());
        }
    }
}
