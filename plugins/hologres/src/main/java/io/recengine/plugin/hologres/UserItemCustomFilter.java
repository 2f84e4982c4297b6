package io.recengine.plugin.hologres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code User2ItemCustomFilter} with a Hologres {@code DaoConf}, as PAI-Rec's
 * {@code User2ItemCustomFilterHologresDao}: the user's rows of
 * {@code SELECT item_ids FROM <HologresTableName> WHERE user_id = ?} ({@code item_ids} comma-joined) name
 * the items this user must not see; they are removed, the others keep their order. A user without rows
 * keeps every item. {@code ItemStateCacheSize} &gt; 0 caches a user's non-empty list (expiring
 * {@code ItemStateCacheTime} s, default 3600, after the last access, as PAI-Rec does).
 */
final class UserItemCustomFilter implements Filter {

    static final String TYPE = "User2ItemCustomFilter";

    private final String component;
    private final HologresDatasource db;
    private final String sql;
    private final Cache<String, Set<String>> cache;

    UserItemCustomFilter(ComponentConfig c, PluginContext context) {
        this.component = "filter " + c.component();
        ComponentConfig dao = c.child("DaoConf");
        this.db = Conf.datasource(c, "DaoConf", dao, context);
        String table = Conf.require(c, "DaoConf", dao, "HologresTableName");
        this.sql = "SELECT item_ids FROM " + table + " WHERE user_id = ?";
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
            hidden = fetch(user.id());
            if (cache != null && !hidden.isEmpty()) {
                cache.put(user.id(), hidden);
            }
        }
        return FilterResult.withoutIds(items, hidden);
    }

    private Set<String> fetch(String uid) {
        return db.query(component, sql, 0, ps -> ps.setString(1, uid), rs -> {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null) {
                    for (String id : v.split(",")) {
                        if (!id.isEmpty()) {
                            ids.add(id);
                        }
                    }
                }
            }
            return Set.copyOf(ids);
        });
    }

    @Override
    public String toString() {
        return TYPE + " " + component;
    }
}
