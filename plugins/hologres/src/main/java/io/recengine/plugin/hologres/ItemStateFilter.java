package io.recengine.plugin.hologres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterConditions;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.Values;
import io.recengine.spi.concurrent.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * {@code ItemStateFilter} with {@code ItemStateDaoConf.AdapterType: "hologres"}, as PAI-Rec's
 * {@code ItemStateFilterHologresDao}: {@code SELECT <ItemFieldName>[, <SelectFields>] FROM
 * <HologresTableName> WHERE [<WhereClause> AND] <ItemFieldName> IN (...)}, in chunks of {@value #CHUNK} ids
 * padded with {@code '-1'} (one statement text), chunks in parallel. A row's non-NULL columns become the
 * item's properties; an item without a row gets {@code DefaultFieldValues}. The item stays when the
 * {@code FilterParams} (read by the engine's {@link FilterConditions}) hold for the user's properties and
 * those values (the row's, not the item's other properties, as PAI-Rec evaluates them); without
 * {@code FilterParams} every item stays. A chunk whose query fails keeps its items (PAI-Rec does the same
 * on an error or a timeout), logged. {@code ItemStateCacheSize} > 0 caches rows (and "no row") per id for
 * {@code ItemStateCacheTime} s (default 3600). Order is kept. {@code Features} and
 * {@code GenerateUserDataExpr} are refused as not supported yet.
 */
final class ItemStateFilter implements Filter {

    static final String TYPE = "ItemStateFilter";
    static final int CHUNK = 500;
    private static final String PAD = "-1";
    private static final Logger LOG = LoggerFactory.getLogger(ItemStateFilter.class);

    private final String component;
    private final HologresDatasource db;
    private final ExecutorService executor;
    private final String sql;
    private final Map<String, Object> defaults;
    private final FilterConditions.Condition conditions;
    private final Cache<String, Map<String, Object>> cache;

    /** What {@code validate} and start-up refuse alike (FilterParams are read at start-up, by the engine). */
    static List<ConfigException> check(ComponentConfig c) {
        List<ConfigException> problems = new ArrayList<>();
        Conf.requireAll(c, "ItemStateDaoConf", problems, "HologresName", "HologresTableName", "ItemFieldName");
        if (c.raw("ItemStateDaoConf") instanceof Map<?, ?> dao && dao.get("DefaultFieldValues") != null
                && !(dao.get("DefaultFieldValues") instanceof Map<?, ?>)) {
            problems.add(new ConfigException(c.component(), "ItemStateDaoConf.DefaultFieldValues", "want an object of field -> value"));
        }
        if (!c.string("GenerateUserDataExpr").isEmpty()) {
            problems.add(new ConfigException(c.component(), "GenerateUserDataExpr", "is not supported yet for ItemStateFilter"));
        }
        if (c.raw("Features") instanceof List<?> l && !l.isEmpty()) {
            problems.add(new ConfigException(c.component(), "Features", "is not supported yet for ItemStateFilter"));
        }
        for (String key : List.of("ItemStateCacheSize", "ItemStateCacheTime")) {
            if (c.integer(key, 0) < 0) {
                problems.add(new ConfigException(c.component(), key, "want a number >= 0, got " + c.integer(key, 0)));
            }
        }
        return problems;
    }

    ItemStateFilter(ComponentConfig c, PluginContext context) {
        Conf.throwFirst(check(c));
        this.component = "filter " + c.component();
        String block = "ItemStateDaoConf";
        ComponentConfig dao = c.child(block);
        this.db = Conf.datasource(c, block, dao, context);
        String table = dao.string("HologresTableName");
        String key = dao.string("ItemFieldName");
        String fields = dao.string("SelectFields").trim();
        String where = dao.string("WhereClause").trim();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < CHUNK; i++) {
            in.append(i == 0 ? "?" : ",?");
        }
        this.sql = "SELECT " + key + (fields.isEmpty() ? "" : ", " + fields) + " FROM " + table + " WHERE "
                + (where.isEmpty() ? "" : "(" + where + ") AND ") + key + " IN (" + in + ")";
        Map<String, Object> d = new LinkedHashMap<>();
        if (dao.raw("DefaultFieldValues") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> d.put(String.valueOf(k), v));
        }
        this.defaults = Collections.unmodifiableMap(d);
        FilterConditions reader = context.service(FilterConditions.class).orElseThrow(() ->
                new ConfigException(c.component(), "FilterParams", "the engine offers no condition reading"));
        this.conditions = reader.read(c, component, "FilterParams");
        int size = c.integer("ItemStateCacheSize", 0);
        int seconds = c.integer("ItemStateCacheTime", 0);
        this.cache = size == 0 ? null : Caffeine.newBuilder().maximumSize(size)
                .expireAfterWrite(Duration.ofSeconds(seconds > 0 ? seconds : 3600)).build();
        this.executor = context.executor();
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        // the values each id is judged on; a key absent here after the queries: a failed chunk, kept
        Map<String, Map<String, Object>> values = new HashMap<>();
        List<String> ask = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Item item : items) {
            Map<String, Object> hit = cache == null ? null : cache.getIfPresent(item.id());
            if (hit != null) {
                values.put(item.id(), hit);
            } else if (seen.add(item.id())) {
                ask.add(item.id());
            }
        }
        if (!ask.isEmpty()) {
            List<Callable<Map<String, Map<String, Object>>>> chunks = new ArrayList<>();
            for (int from = 0; from < ask.size(); from += CHUNK) {
                List<String> part = ask.subList(from, Math.min(ask.size(), from + CHUNK));
                chunks.add(() -> fetch(part));
            }
            for (Map<String, Map<String, Object>> rows : Fanout.callerRuns(executor).values(component, chunks)) {
                values.putAll(rows);
            }
        }
        Map<String, Object> userProperties = conditions.isEmpty() ? Map.of() : user.properties();
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> v = values.get(item.id());
            if (v == null) {
                kept.add(item);
                continue;
            }
            if (!v.isEmpty()) {
                item.setProperties(v);
            }
            (conditions.test(userProperties, v) ? kept : removed).add(item);
        }
        return FilterResult.of(kept, removed);
    }

    /** One chunk: id -> its row's values or the defaults; nothing when the query fails (the ids stay). */
    private Map<String, Map<String, Object>> fetch(List<String> ids) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try {
            db.query(component, sql, 0, ps -> {
                for (int i = 0; i < CHUNK; i++) {
                    ps.setString(i + 1, i < ids.size() ? ids.get(i) : PAD);
                }
            }, rs -> {
                int[] types = SqlValues.types(rs.getMetaData());
                String[] names = SqlValues.names(rs.getMetaData());
                while (rs.next()) {
                    Object k = SqlValues.value(rs, 1, types[0]);
                    if (k == null) {
                        continue;
                    }
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i < types.length; i++) {
                        Object v = SqlValues.value(rs, i + 1, types[i]);
                        if (v != null) {
                            row.put(names[i], v);
                        }
                    }
                    out.put(Values.text(k), Collections.unmodifiableMap(row));
                }
                return null;
            });
        } catch (ComponentException e) {
            LOG.warn("{}: {} ids kept unchecked: {}", component, ids.size(), e.getMessage());
            return Map.of();
        }
        for (String id : ids) {
            Map<String, Object> row = out.computeIfAbsent(id, k -> defaults);
            if (cache != null) {
                cache.put(id, row);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return TYPE + " " + component;
    }
}
