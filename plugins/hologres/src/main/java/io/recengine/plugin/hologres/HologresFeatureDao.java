package io.recengine.plugin.hologres;

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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * {@code FeatureDaoConf} with {@code AdapterType: "hologres"}, as PAI-Rec's {@code FeatureHologresDao}.
 *
 * <ul>
 *   <li>User features: {@code SELECT <UserSelectFields> FROM <HologresTableName> WHERE <UserFeatureKeyName> = ?}
 *       with the key from {@code FeatureKey user:<prop>}; every column becomes a user property, SQL NULL
 *       removes the property.</li>
 *   <li>Item features: {@code SELECT <ItemFeatureKeyName>,<ItemSelectFields> ... WHERE <ItemFeatureKeyName> IN (?,...)}
 *       in chunks of {@value #CHUNK} keys padded with {@code '-1'} to exactly {@value #CHUNK} parameters (one
 *       statement text, reused), chunks in parallel on the engine executor. NULL columns are skipped.</li>
 *   <li>Sequence features ({@code FeatureType: sequence_feature}): online table rows of the last 5 days
 *       (and the optional {@code SequenceOfflineTableName}), merged and joined as PAI-Rec does.</li>
 *   <li>{@code CacheSize} > 0 enables a local cache of rows by key ({@code CacheTime} s, default 3600),
 *       including negative entries for items without a row.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class HologresFeatureDao implements FeatureDao {

    private static final Logger LOG = LoggerFactory.getLogger(HologresFeatureDao.class);

    static final int CHUNK = 600;
    static final String PAD_KEY = "-1";

    private final String component;
    private final HologresDatasource db;
    private final ExecutorService executor;
    private final Clock clock;
    private final boolean userStore;
    private final boolean sequence;
    private final String keyProperty;
    private final String table;
    private final String userSql;
    private final String itemSql;
    private final int timeoutMs;
    private final Cache<String, Map<String, Object>> cache;
    private final Sequence seq;

    /** The sequence-feature settings and statements. */
    private record Sequence(String name, int length, String delim, String itemField, String eventField,
                            String playTimeField, String timestampField, String tsField, boolean hasPlayTime,
                            List<String> events, Map<String, Double> playTimeMin, List<String> dimFields,
                            String onlineSql, String offlineSql) {
    }

    HologresFeatureDao(ComponentConfig c, PluginContext context) {
        this.component = "feature DAO " + c.component();
        String holoName = c.require("HologresName");
        this.db = context.datasource("HologresConfs", holoName, HologresDatasource.class);
        this.executor = context.executor();
        this.clock = context.clock();
        this.userStore = "user".equals(c.string("FeatureStore"));
        this.sequence = userStore && "sequence_feature".equals(c.string("FeatureType"));
        this.table = c.require("HologresTableName");
        this.timeoutMs = c.integer("Timeout", 0);
        this.keyProperty = FeatureKey.property(c, userStore);
        if (userStore && !sequence) {
            String key = c.require("UserFeatureKeyName");
            String fields = c.string("UserSelectFields", "*");
            this.userSql = "SELECT " + fields + " FROM " + table + " WHERE " + key + " = ?";
            this.itemSql = null;
        } else if (!userStore) {
            String key = c.require("ItemFeatureKeyName");
            String fields = c.string("ItemSelectFields", "*");
            this.userSql = null;
            this.itemSql = "SELECT " + itemSelect(key, fields) + " FROM " + table + " WHERE " + key + " IN ("
                    + placeholders(CHUNK) + ")";
        } else {
            this.userSql = null;
            this.itemSql = null;
        }
        this.seq = sequence ? sequence(c) : null;
        int cacheSize = c.integer("CacheSize", 0);
        if (cacheSize > 0) {
            int cacheTime = c.integer("CacheTime", 0);
            this.cache = Caffeine.newBuilder()
                    .maximumSize(cacheSize)
                    .expireAfterWrite(Duration.ofSeconds(cacheTime > 0 ? cacheTime : 3600))
                    .build();
        } else {
            this.cache = null;
        }
    }

    /** PAI-Rec forces the key column to be the first select field. */
    static String itemSelect(String key, String fields) {
        String[] parts = fields.split(",");
        if (parts.length > 0 && parts[0].equals(key)) {
            return fields;
        }
        List<String> out = new ArrayList<>();
        out.add(key);
        for (String f : parts) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return String.join(",", out);
    }

    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('?');
        }
        return sb.toString();
    }

    private Sequence sequence(ComponentConfig c) {
        String name = c.require("SequenceName");
        int length = c.integer("SequenceLength", 0);
        if (length <= 0) {
            throw new ConfigException(c.component(), "SequenceLength", "must be positive for sequence_feature");
        }
        String userKey = c.require("UserFeatureKeyName");
        String itemField = c.string("ItemFeatureKeyName", "item_id");
        String eventField = c.string("EventFeatureKeyName", "event");
        String playTimeField = c.string("PlayTimeFeatureKeyName", "play_time");
        String timestampField = c.string("TimestampFeatureKeyName", "timestamp");
        String tsField = c.string("TsFeatureKeyName", "ts");
        boolean hasPlayTime = !c.bool("NoUsePlayTimeField", false);
        String eventList = c.string("SequenceEvent");
        List<String> events = eventList.isEmpty() ? List.of() : List.of(eventList.split(","));
        Map<String, Double> playTimeMin = new HashMap<>();
        for (String et : c.string("SequencePlayTime").split(";")) {
            String[] p = et.split(":");
            if (p.length == 2) {
                Double t = IdList.number(p[1]);
                if (t != null) {
                    playTimeMin.put(p[0], t);
                }
            }
        }
        String dims = c.string("SequenceDimFields");
        List<String> dimFields = dims.isEmpty() ? List.of() : List.of(dims.split(","));
        List<String> select = new ArrayList<>(List.of(itemField, eventField));
        if (hasPlayTime) {
            select.add(playTimeField);
        }
        select.add(timestampField);
        select.addAll(dimFields);
        String fields = String.join(", ", select);
        String eventWhere = events.isEmpty() ? "" : events.size() == 1 ? " AND " + eventField + " = ?"
                : " AND " + eventField + " IN (" + placeholders(events.size()) + ")";
        String online = "SELECT " + fields + " FROM " + table + " WHERE " + userKey + " = ? AND " + timestampField
                + " > ?" + eventWhere + " ORDER BY " + timestampField + " DESC LIMIT " + length;
        String offlineTable = c.string("SequenceOfflineTableName");
        String offline = offlineTable.isEmpty() ? null : "SELECT " + fields + " FROM " + offlineTable + " WHERE "
                + userKey + " = ?" + eventWhere + " ORDER BY " + timestampField + " DESC LIMIT " + length;
        String delim = c.string("SequenceDelim", ";");
        return new Sequence(name, length, delim, itemField, eventField, playTimeField, timestampField, tsField,
                hasPlayTime, events, Map.copyOf(playTimeMin), dimFields, online, offline);
    }

    // ---------------------------------------------------------------- user features

    @Override
    public void loadUserFeatures(RecContext context, User user) {
        String key = user.stringProperty(keyProperty);
        if (key.isEmpty()) {
            context.log("ERROR", "module=FeatureHologresDao\terror=property not found(" + keyProperty + ")");
            LOG.warn("requestId={}\tmodule=FeatureHologresDao\terror=property not found({})", context.requestId(), keyProperty);
            return;
        }
        if (sequence) {
            loadSequence(context, user, key);
            return;
        }
        if (cache != null) {
            Map<String, Object> hit = cache.getIfPresent(key);
            if (hit != null) {
                user.setProperties(hit);
                return;
            }
        }
        List<Map<String, Object>> rows = db.query(component, userSql, timeoutMs, ps -> ps.setString(1, key), rs -> {
            int[] types = SqlValues.types(rs.getMetaData());
            String[] names = SqlValues.names(rs.getMetaData());
            List<Map<String, Object>> out = new ArrayList<>(1);
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < types.length; i++) {
                    row.put(names[i], SqlValues.value(rs, i + 1, types[i]));
                }
                out.add(row);
            }
            return out;
        });
        for (Map<String, Object> row : rows) {
            Map<String, Object> present = new HashMap<>();
            row.forEach((k, v) -> {
                if (v == null) {
                    user.removeProperty(k);
                } else {
                    present.put(k, v);
                }
            });
            user.setProperties(present);
            if (cache != null) {
                cache.put(key, Collections.unmodifiableMap(present));
            }
        }
    }

    private record SeqRow(String itemId, String event, double playTime, long timestamp, String[] dims) {
    }

    private void loadSequence(RecContext context, User user, String key) {
        long now = clock.millis() / 1000;
        Sequence s = seq;
        List<java.util.concurrent.Callable<List<SeqRow>>> queries = new ArrayList<>(2);
        queries.add(() -> sequenceRows(s.onlineSql(), key, now - 86400L * 5));
        if (s.offlineSql() != null) {
            queries.add(() -> sequenceRows(s.offlineSql(), key, null));
        }
        List<List<SeqRow>> fetched = Fanout.callerRuns(executor).values(component, queries);
        List<SeqRow> online = fetched.get(0);
        List<SeqRow> offline = fetched.size() > 1 ? fetched.get(1) : List.of();
        List<SeqRow> merged = online;
        if (!offline.isEmpty()) {
            int index = 0;
            while (index < online.size() && online.get(index).timestamp() >= offline.get(0).timestamp()) {
                index++;
            }
            merged = new ArrayList<>(online.subList(0, index));
            merged.addAll(offline);
            if (merged.size() > s.length()) {
                merged = merged.subList(0, s.length());
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SeqRow r : merged) {
            if (!seen.add(r.itemId() + "#" + r.event())) {
                continue;
            }
            values.computeIfAbsent(s.itemField(), k -> new ArrayList<>()).add(r.itemId());
            values.computeIfAbsent(s.timestampField(), k -> new ArrayList<>()).add(Long.toString(r.timestamp()));
            values.computeIfAbsent(s.eventField(), k -> new ArrayList<>()).add(r.event());
            if (s.hasPlayTime()) {
                values.computeIfAbsent(s.playTimeField(), k -> new ArrayList<>()).add(String.format("%.2f", r.playTime()));
            }
            values.computeIfAbsent(s.tsField(), k -> new ArrayList<>()).add(Long.toString(now - r.timestamp()));
            for (int i = 0; i < r.dims().length; i++) {
                if (r.dims()[i] != null) {
                    values.computeIfAbsent(s.dimFields().get(i), k -> new ArrayList<>()).add(r.dims()[i]);
                }
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        values.forEach((field, list) -> props.put(s.name() + "__" + field, String.join(s.delim(), list)));
        props.put(s.name(), String.join(s.delim(), values.getOrDefault(s.itemField(), List.of())));
        user.setProperties(props);
    }

    private List<SeqRow> sequenceRows(String sql, String key, Long since) {
        Sequence s = seq;
        return db.query(component, sql, timeoutMs, ps -> {
            int i = 1;
            ps.setString(i++, key);
            if (since != null) {
                ps.setLong(i++, since);
            }
            for (String e : s.events()) {
                ps.setString(i++, e);
            }
        }, rs -> {
            List<SeqRow> out = new ArrayList<>();
            while (rs.next()) {
                int col = 1;
                String itemId = rs.getString(col++);
                String event = rs.getString(col++);
                double playTime = 0;
                if (s.hasPlayTime()) {
                    playTime = rs.getDouble(col++);
                }
                long ts = rs.getLong(col++);
                String[] dims = new String[s.dimFields().size()];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = rs.getString(col++);
                }
                Double min = s.playTimeMin().get(event);
                if (min != null && playTime <= min) {
                    continue;
                }
                out.add(new SeqRow(itemId == null ? "" : itemId, event == null ? "" : event, playTime, ts, dims));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- item features

    @Override
    public void loadItemFeatures(RecContext context, User user, List<Item> items) {
        if (items.isEmpty() || itemSql == null) {
            return;
        }
        // key -> items with that key (several items may share a key when FeatureKey is item:<prop>)
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
        if (byKey.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<java.util.concurrent.Callable<Void>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            chunks.add(() -> {
                fetchChunk(part, byKey);
                return null;
            });
        }
        Fanout.callerRuns(executor).values(component, chunks);
    }

    /** One chunk: at most {@value #CHUNK} distinct keys, padded to exactly {@value #CHUNK} parameters. */
    private void fetchChunk(List<String> keys, Map<String, List<Item>> byKey) {
        Set<String> missing = cache == null ? null : new LinkedHashSet<>(keys);
        db.query(component, itemSql, timeoutMs, ps -> {
            int n = keys.size();
            for (int i = 0; i < CHUNK; i++) {
                ps.setString(i + 1, i < n ? keys.get(i) : PAD_KEY);
            }
        }, rs -> {
            int[] types = SqlValues.types(rs.getMetaData());
            String[] names = SqlValues.names(rs.getMetaData());
            while (rs.next()) {
                Object k = SqlValues.value(rs, 1, types[0]);
                String key = k == null ? "" : io.recengine.spi.Values.text(k);
                if (key.isEmpty()) {
                    continue;
                }
                List<Item> targets = byKey.get(key);
                Map<String, Object> props = new HashMap<>();
                for (int i = 1; i < types.length; i++) {
                    Object v = SqlValues.value(rs, i + 1, types[i]);
                    if (v != null) {
                        props.put(names[i], v);
                    }
                }
                if (targets != null && !props.isEmpty()) {
                    for (Item item : targets) {
                        item.setProperties(props);
                    }
                    if (cache != null) {
                        cache.put(key, Collections.unmodifiableMap(props));
                    }
                }
                if (missing != null) {
                    missing.remove(key);
                }
            }
            return null;
        });
        if (missing != null) {
            // negative cache: keys without a row are not asked again until the entry expires
            for (String key : missing) {
                cache.asMap().putIfAbsent(key, Map.of());
            }
        }
    }

    @Override
    public String toString() {
        return component;
    }
}
