package io.recengine.plugin.mysql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code FeatureDaoConf} with {@code AdapterType: "mysql"}, as PAI-Rec's {@code FeatureMysqlDao}:
 * <ul>
 *   <li>user: {@code SELECT <UserSelectFields> FROM <MysqlTable> WHERE <UserFeatureKeyName> = ?}, key from
 *       {@code FeatureKey user:<prop>};</li>
 *   <li>items: {@code SELECT <ItemFeatureKeyName>,<ItemSelectFields> FROM <MysqlTable> WHERE
 *       <ItemFeatureKeyName> IN (...)} in chunks of at most {@value #CHUNK} keys (the first column is the
 *       key), one statement per chunk;</li>
 *   <li>SQL NULL columns are skipped; {@code CacheSize} > 0 keeps found rows locally ({@code CacheTime} s).</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class MysqlFeatureDao implements FeatureDao {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlFeatureDao.class);

    static final int CHUNK = 1000;

    private final String component;
    private final MysqlDatasource db;
    private final boolean userStore;
    private final String keyProperty;
    private final String userSql;
    private final String itemSqlHead;
    private final Cache<String, Map<String, Object>> cache;

    MysqlFeatureDao(ComponentConfig c, PluginContext context) {
        this.component = "feature DAO " + c.component();
        this.db = MysqlPlugin.datasource(c, c, context);
        this.userStore = "user".equals(c.string("FeatureStore"));
        this.keyProperty = FeatureKey.property(c, userStore);
        String table = c.require("MysqlTable");
        if (userStore) {
            this.userSql = "SELECT " + c.string("UserSelectFields", "*") + " FROM " + table + " WHERE "
                    + c.require("UserFeatureKeyName") + " = ?";
            this.itemSqlHead = null;
        } else {
            String key = c.require("ItemFeatureKeyName");
            String fields = c.string("ItemSelectFields", "*");
            this.userSql = null;
            this.itemSqlHead = "SELECT " + (fields.startsWith(key + ",") || fields.equals(key) ? fields : key + "," + fields)
                    + " FROM " + table + " WHERE " + key + " IN (";
        }
        int cacheSize = c.integer("CacheSize", 0);
        if (cacheSize > 0) {
            int cacheTime = c.integer("CacheTime", 0);
            this.cache = Caffeine.newBuilder().maximumSize(cacheSize)
                    .expireAfterWrite(Duration.ofSeconds(cacheTime > 0 ? cacheTime : 3600)).build();
        } else {
            this.cache = null;
        }
    }

    @Override
    public void loadUserFeatures(RecContext context, User user) {
        String key = user.stringProperty(keyProperty);
        if (key.isEmpty()) {
            context.log("ERROR", "module=FeatureMysqlDao\terror=property not found(" + keyProperty + ")");
            LOG.warn("requestId={}\tmodule=FeatureMysqlDao\terror=property not found({})", context.requestId(), keyProperty);
            return;
        }
        if (cache != null) {
            Map<String, Object> hit = cache.getIfPresent(key);
            if (hit != null) {
                user.setProperties(hit);
                return;
            }
        }
        List<Map<String, Object>> rows = db.query(component, userSql, ps -> ps.setString(1, key), MysqlFeatureDao::rows);
        for (Map<String, Object> row : rows) {
            user.setProperties(row);
            if (cache != null) {
                cache.put(key, Collections.unmodifiableMap(row));
            }
        }
    }

    @Override
    public void loadItemFeatures(RecContext context, User user, List<Item> items) {
        Map<String, List<Item>> byKey = new LinkedHashMap<>();
        for (Item item : items) {
            String key = keyProperty == null ? item.id() : item.stringProperty(keyProperty);
            if (cache != null) {
                Map<String, Object> hit = cache.getIfPresent(key);
                if (hit != null) {
                    item.setProperties(hit);
                    continue;
                }
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(item);
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            String sql = itemSqlHead + "?,".repeat(chunk.size() - 1) + "?)";
            List<Map<String, Object>> rows = db.query(component, sql, ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
            }, MysqlFeatureDao::rows);
            for (Map<String, Object> row : rows) {
                Object k = row.values().iterator().next();
                List<Item> target = k == null ? null : byKey.get(String.valueOf(k));
                if (target == null) {
                    continue;
                }
                for (Item item : target) {
                    item.setProperties(row);
                }
                if (cache != null) {
                    cache.put(String.valueOf(k), Collections.unmodifiableMap(row));
                }
            }
        }
    }

    /** Every row as column -> value, SQL NULL left out (the key column kept first). */
    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= n; i++) {
                Object v = value(rs.getObject(i));
                if (v != null) {
                    row.put(md.getColumnLabel(i), v);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** Integers as long, decimals as double, text as String, as Go's sql scan types read them. */
    static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    @Override
    public String toString() {
        return "MysqlFeatureDao{" + component + "}";
    }
}
