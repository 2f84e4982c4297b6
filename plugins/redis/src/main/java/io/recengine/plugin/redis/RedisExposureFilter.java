package io.recengine.plugin.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code User2ItemExposureFilter} with {@code DaoConf.AdapterType: redis}, PAI-Rec's
 * {@code User2ItemExposureRedisDao}: key {@code <RedisPrefix><uid>}, a list of JSON entries
 * {@code {"item_ids":[...],"timestamp":<unix s>}}, newest first.
 * <ul>
 *   <li>filter: {@code LRANGE key 0 MaxItems-1} (default 100); entries older than {@code TimeInterval} s
 *       (when set) are ignored; the items they name are removed (with {@code OnlyLogUserExposeFlag} kept and
 *       marked {@code _is_exposure_ = 1});</li>
 *   <li>{@code WriteLog: true}: after the response {@code LPUSH} one entry with the final items, {@code LTRIM}
 *       to {@code MaxItems}, {@code EXPIRE TimeInterval} when set; not for {@code WriteLogExcludeScenes}.</li>
 * </ul>
 * Unlike the in-memory {@code LocalExposureFilter}, the history is shared by every engine replica.
 */
final class RedisExposureFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RedisExposureFilter.class);

    /** One history entry, PAI-Rec's JSON field names. */
    record Entry(@JsonProperty("item_ids") List<String> itemIds, @JsonProperty("timestamp") long timestamp) {
    }

    private final String name;
    private final String component;
    private final RedisDatasource redis;
    private final Clock clock;
    private final String prefix;
    private final int maxItems;
    private final int timeInterval;
    private final boolean writeLog;
    private final boolean onlyFlag;
    private final Set<String> excludeScenes;

    RedisExposureFilter(ComponentConfig c, PluginContext context) {
        this.name = c.name();
        this.component = "filter '" + name + "'";
        for (String hook : List.of("GenerateItemDataFuncName", "GenerateItemDataExpr", "GenerateUserDataExpr")) {
            if (!c.string(hook).isEmpty()) {
                throw new ConfigException(c.component(), hook, "is not supported by the redis plugin");
            }
        }
        ComponentConfig dao = c.child("DaoConf");
        this.redis = RedisPlugin.datasource(c, dao, context);
        this.clock = context.clock();
        this.prefix = dao.string("RedisPrefix");
        int max = c.integer("MaxItems", 0);
        this.maxItems = max > 0 ? max : 100;
        this.timeInterval = Math.max(0, c.integer("TimeInterval", 0));
        this.writeLog = c.bool("WriteLog", false);
        this.onlyFlag = c.bool("OnlyLogUserExposeFlag", false);
        this.excludeScenes = Set.copyOf(c.stringList("WriteLogExcludeScenes"));
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        String key = prefix + user.id();
        List<String> entries = redis.call(component, j -> j.lrange(key, 0, maxItems - 1));
        long oldest = now() - timeInterval;
        Set<String> exposed = new HashSet<>();
        for (String raw : entries) {
            Entry e;
            try {
                e = RedisValues.JSON.readValue(raw, Entry.class);
            } catch (JsonProcessingException ex) {
                continue; // PAI-Rec skips entries it cannot read
            }
            if ((timeInterval > 0 && e.timestamp() < oldest) || e.itemIds() == null) {
                continue;
            }
            exposed.addAll(e.itemIds());
        }
        if (onlyFlag) {
            return FilterResult.markingIds(items, exposed, "_is_exposure_");
        }
        return FilterResult.withoutIds(items, exposed);
    }

    @Override
    public boolean hasAfterResponse() {
        return writeLog;
    }

    @Override
    public void afterResponse(RecContext context, User user, List<Item> items) {
        if (!writeLog || excludeScenes.contains(context.sceneId())) {
            return;
        }
        if (items.isEmpty()) {
            LOG.debug("requestId={}\tmodule=User2ItemExposureRedisDao\terr=items empty", context.requestId());
            return;
        }
        List<String> ids = new ArrayList<>(items.size());
        for (Item item : items) {
            ids.add(item.id());
        }
        String json;
        try {
            json = RedisValues.JSON.writeValueAsString(new Entry(ids, now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String key = prefix + user.id();
        redis.call(component, j -> {
            long len = j.lpush(key, json);
            if (len > maxItems) {
                j.ltrim(key, 0, maxItems - 1);
            }
            if (timeInterval > 0) {
                j.expire(key, timeInterval);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "User2ItemExposureFilter(redis) '" + name + "'";
    }
}
