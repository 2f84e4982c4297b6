package io.recengine.plugin.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * PAI-Rec's black-list filters on Redis, a RecEngine extension (PAI-Rec has them on Hologres, TableStore and
 * FeatureStore only), with the Hologres ones' semantics. A list is a string of comma-joined item ids or a
 * Redis set of item ids.
 */
final class RedisCustomFilters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCustomFilters.class);

    private RedisCustomFilters() {
    }

    /** The item ids under {@code key}: a comma-joined string or a set; empty when the key is missing. */
    static Set<String> ids(Jedis jedis, String key) {
        Set<String> out = new HashSet<>();
        String value;
        try {
            value = jedis.get(key);
        } catch (JedisDataException wrongType) {
            // not a string: read it as the set form
            out.addAll(jedis.smembers(key));
            out.remove("");
            return out;
        }
        if (value != null) {
            for (String id : value.split(",")) {
                if (!id.isEmpty()) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    static FilterResult without(List<Item> items, Set<String> hidden) {
        return FilterResult.withoutIds(items, hidden);
    }

    /**
     * {@code User2ItemCustomFilter} with {@code DaoConf.AdapterType: redis}: the key
     * {@code <DaoConf.RedisPrefix><uid>} names the items this user must not see; they are removed, the others
     * keep their order. A user without the key keeps every item. {@code ItemStateCacheSize} &gt; 0 caches a
     * user's non-empty list ({@code ItemStateCacheTime} s after the last access, default 3600), as the
     * Hologres one does.
     */
    static final class UserItem implements Filter {

        private final String component;
        private final RedisDatasource redis;
        private final String prefix;
        private final Cache<String, Set<String>> cache;

        UserItem(ComponentConfig c, PluginContext context) {
            this.component = "filter " + c.component();
            ComponentConfig dao = c.child("DaoConf");
            this.redis = RedisPlugin.datasource(c, dao, context);
            this.prefix = dao.string("RedisPrefix");
            int size = c.integer("ItemStateCacheSize", 0);
            int seconds = c.integer("ItemStateCacheTime", 0);
            if (size < 0 || seconds < 0) {
                throw new ConfigException(c.component(), size < 0 ? "ItemStateCacheSize" : "ItemStateCacheTime",
                        "want an integer >= 0, got " + Math.min(size, seconds));
            }
            this.cache = size == 0 ? null : Caffeine.newBuilder().maximumSize(size)
                    .expireAfterAccess(Duration.ofSeconds(seconds > 0 ? seconds : 3600)).build();
        }

        @Override
        public FilterResult filter(RecContext context, User user, List<Item> items) {
            if (items.isEmpty()) {
                return FilterResult.keepAll(items);
            }
            Set<String> hidden = cache == null ? null : cache.getIfPresent(user.id());
            if (hidden == null) {
                String key = prefix + user.id();
                hidden = Set.copyOf(redis.call(component, j -> ids(j, key)));
                if (cache != null && !hidden.isEmpty()) {
                    cache.put(user.id(), hidden);
                }
            }
            return without(items, hidden);
        }

        @Override
        public String toString() {
            return "User2ItemCustomFilter(redis) " + component;
        }
    }

    /**
     * {@code ItemCustomFilter} with {@code DaoConf.AdapterType: redis}: one list for every request, the key
     * {@code DaoConf.RedisKey}, reloaded in the background every {@code TimeInterval} s (0: every 60 s, as the
     * Hologres one); its items are removed. While no non-empty list has been loaded, a request loads it.
     */
    static final class ItemList implements Filter {

        static final int DEFAULT_INTERVAL_S = 60;

        private final String component;
        private final RedisDatasource redis;
        private final String key;
        private final ScheduledExecutorService reloader;
        private volatile Set<String> ids = Set.of();

        ItemList(ComponentConfig c, PluginContext context) {
            this.component = "filter " + c.component();
            ComponentConfig dao = c.child("DaoConf");
            this.redis = RedisPlugin.datasource(c, dao, context);
            this.key = dao.string("RedisKey");
            if (key.isEmpty()) {
                throw new ConfigException(c.component(), "DaoConf.RedisKey",
                        "is required: the key of the item list (a comma-joined string or a set)");
            }
            int interval = c.integer("TimeInterval", 0);
            if (interval < 0) {
                throw new ConfigException(c.component(), "TimeInterval", "want seconds >= 0, got " + interval);
            }
            this.reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "redis-item-custom-filter-" + c.name());
                t.setDaemon(true);
                return t;
            });
            reloader.scheduleWithFixedDelay(this::reload, 0, interval > 0 ? interval : DEFAULT_INTERVAL_S,
                    TimeUnit.SECONDS);
        }

        private Set<String> load() {
            return Set.copyOf(redis.call(component, j -> ids(j, key)));
        }

        private void reload() {
            try {
                Set<String> loaded = load();
                if (!loaded.isEmpty()) {
                    ids = loaded;
                }
            } catch (ComponentException e) {
                LOG.warn("{}: reload failed, keeping the last list: {}", component, e.getMessage());
            }
        }

        @Override
        public FilterResult filter(RecContext context, User user, List<Item> items) {
            Set<String> hidden = ids;
            if (hidden.isEmpty()) {
                hidden = load();
                if (!hidden.isEmpty()) {
                    ids = hidden;
                }
            }
            return without(items, hidden);
        }

        @Override
        public void close() {
            reloader.shutdownNow();
        }

        @Override
        public String toString() {
            return "ItemCustomFilter(redis) " + component;
        }
    }
}
