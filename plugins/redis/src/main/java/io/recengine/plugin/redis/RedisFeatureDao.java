package io.recengine.plugin.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.spi.concurrent.Fanout;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureKey;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * {@code FeatureDaoConf} with {@code AdapterType: "redis"}, PAI-Rec's key layouts:
 * <ul>
 *   <li>key = {@code RedisPrefix} + the id ({@code FeatureKey user:<prop>}, {@code item:id} or
 *       {@code item:<prop>});</li>
 *   <li>{@code RedisDataType: string} (default): {@code GET} for the user, {@code MGET} per chunk for items; the
 *       value is {@code name:value} pairs joined by {@code RedisValueDelimeter} ({@code RedisFieldType: csv},
 *       default) or one JSON object ({@code json});</li>
 *   <li>{@code RedisDataType: hash}: {@code HGETALL}, or {@code HMGET} of {@code UserSelectFields} /
 *       {@code ItemSelectFields}; for items one pipeline per chunk.</li>
 * </ul>
 * Items go in chunks of {@value #CHUNK} keys, chunks in parallel on the engine executor. {@code CacheSize} > 0
 * keeps found rows locally ({@code CacheTime} s, default 3600). Immutable and thread-safe.
 */
final class RedisFeatureDao implements FeatureDao {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFeatureDao.class);

    static final int CHUNK = 100;

    private final String component;
    private final RedisDatasource redis;
    private final ExecutorService executor;
    private final boolean userStore;
    private final String keyProperty;
    private final String prefix;
    private final boolean hash;
    private final boolean json;
    private final String delimiter;
    private final String[] userFields;
    private final String[] itemFields;
    private final Cache<String, Map<String, Object>> cache;

    RedisFeatureDao(ComponentConfig c, PluginContext context) {
        this.component = "feature DAO " + c.component();
        this.redis = RedisPlugin.datasource(c, c, context);
        this.executor = context.executor();
        this.userStore = "user".equals(c.string("FeatureStore"));
        this.keyProperty = FeatureKey.property(c, userStore);
        this.prefix = c.string("RedisPrefix");
        String dataType = c.string("RedisDataType", "string");
        if (!dataType.equals("string") && !dataType.equals("hash")) {
            throw new ConfigException(c.component(), "RedisDataType", "unknown '" + dataType + "'. Known: [string, hash]");
        }
        this.hash = dataType.equals("hash");
        String fieldType = c.string("RedisFieldType", "csv");
        if (!fieldType.equals("csv") && !fieldType.equals("json")) {
            throw new ConfigException(c.component(), "RedisFieldType", "unknown '" + fieldType + "'. Known: [csv, json]");
        }
        this.json = fieldType.equals("json");
        this.delimiter = c.string("RedisValueDelimeter", ",");
        this.userFields = fields(c.string("UserSelectFields"));
        this.itemFields = fields(c.string("ItemSelectFields"));
        int cacheSize = c.integer("CacheSize", 0);
        if (cacheSize > 0) {
            int cacheTime = c.integer("CacheTime", 0);
            this.cache = Caffeine.newBuilder().maximumSize(cacheSize)
                    .expireAfterWrite(Duration.ofSeconds(cacheTime > 0 ? cacheTime : 3600)).build();
        } else {
            this.cache = null;
        }
    }

    /** {@code a,b,c}; empty for all fields ({@code ""} or {@code *}). */
    private static String[] fields(String s) {
        return s.isEmpty() || s.equals("*") ? new String[0] : s.split(",");
    }

    @Override
    public void loadUserFeatures(RecContext context, User user) {
        String id = user.stringProperty(keyProperty);
        if (id.isEmpty()) {
            context.log("ERROR", "module=FeatureRedisDao\terror=property not found(" + keyProperty + ")");
            LOG.warn("requestId={}\tmodule=FeatureRedisDao\terror=property not found({})", context.requestId(), keyProperty);
            return;
        }
        String key = prefix + id;
        if (cache != null) {
            Map<String, Object> hit = cache.getIfPresent(key);
            if (hit != null) {
                user.setProperties(hit);
                return;
            }
        }
        Map<String, Object> props = redis.call(component, jedis -> {
            if (!hash) {
                String v = jedis.get(key);
                return v == null ? null : parse(v, false);
            }
            if (userFields.length == 0) {
                return new LinkedHashMap<String, Object>(jedis.hgetAll(key));
            }
            return selected(userFields, jedis.hmget(key, userFields));
        });
        if (props == null) {
            return;
        }
        user.setProperties(props);
        if (cache != null) {
            cache.put(key, Collections.unmodifiableMap(props));
        }
    }

    private Map<String, Object> parse(String value, boolean item) {
        return json ? RedisValues.json(value) : RedisValues.csv(value, delimiter, item);
    }

    private static Map<String, Object> selected(String[] fields, List<String> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fields.length && i < values.size(); i++) {
            String v = values.get(i);
            if (v != null && !v.isEmpty()) {
                out.put(fields[i], v);
            }
        }
        return out;
    }

    @Override
    public void loadItemFeatures(RecContext context, User user, List<Item> items) {
        List<Item> todo = new ArrayList<>(items.size());
        List<String> keys = new ArrayList<>(items.size());
        for (Item item : items) {
            String key = prefix + (keyProperty == null ? item.id() : item.stringProperty(keyProperty));
            if (cache != null) {
                Map<String, Object> hit = cache.getIfPresent(key);
                if (hit != null) {
                    item.setProperties(hit);
                    continue;
                }
            }
            todo.add(item);
            keys.add(key);
        }
        if (todo.isEmpty()) {
            return;
        }
        List<Callable<Void>> chunks = new ArrayList<>();
        for (int from = 0; from < todo.size(); from += CHUNK) {
            int to = Math.min(todo.size(), from + CHUNK);
            List<Item> chunkItems = todo.subList(from, to);
            String[] chunkKeys = keys.subList(from, to).toArray(new String[0]);
            chunks.add(() -> {
                List<Map<String, Object>> rows = redis.call(component, jedis -> fetch(jedis, chunkKeys));
                for (int i = 0; i < rows.size(); i++) {
                    Map<String, Object> row = rows.get(i);
                    if (row != null) {
                        chunkItems.get(i).setProperties(row);
                        if (cache != null) {
                            cache.put(chunkKeys[i], Collections.unmodifiableMap(row));
                        }
                    }
                }
                return null;
            });
        }
        Fanout.callerRuns(executor).values(component, chunks);
    }

    /** One round trip for a chunk: MGET, or a pipeline of HGETALL / HMGET. Null for a key without a value. */
    List<Map<String, Object>> fetch(Jedis jedis, String[] keys) {
        List<Map<String, Object>> out = new ArrayList<>(keys.length);
        if (!hash) {
            for (String v : jedis.mget(keys)) {
                out.add(v == null || v.isEmpty() ? null : parse(v, true));
            }
            return out;
        }
        Pipeline p = jedis.pipelined();
        if (itemFields.length == 0) {
            List<Response<Map<String, String>>> rs = new ArrayList<>(keys.length);
            for (String k : keys) {
                rs.add(p.hgetAll(k));
            }
            p.sync();
            for (Response<Map<String, String>> r : rs) {
                Map<String, String> m = r.get();
                out.add(m == null || m.isEmpty() ? null : new LinkedHashMap<>(m));
            }
        } else {
            List<Response<List<String>>> rs = new ArrayList<>(keys.length);
            for (String k : keys) {
                rs.add(p.hmget(k, itemFields));
            }
            p.sync();
            for (Response<List<String>> r : rs) {
                Map<String, Object> m = selected(itemFields, r.get());
                out.add(m.isEmpty() ? null : m);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RedisFeatureDao{" + component + ", prefix=" + prefix + ", fields=" + Arrays.toString(itemFields) + "}";
    }
}
