package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterConditions;
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
import java.util.Map;
import java.util.Set;

/**
 * {@code User2ItemExposureFilter} and {@code User2ItemExposureWithConditionFilter} with a Hologres
 * {@code DaoConf}, as PAI-Rec's {@code User2ItemExposureHologresDao} ({@code FilterTypeVersion} absent or
 * {@code v1}) and {@code User2ItemExposureHologresV2Dao} ({@code v2}). Table: {@code uid text, item text,
 * create_time int4} (v2: and {@code serial_id serial}), one row per answered request, {@code item} the
 * comma-joined ids shown.
 * <ul>
 *   <li>filter, v1: {@code SELECT item FROM <table> WHERE uid = ? [AND create_time >= now - TimeInterval]
 *       ORDER BY create_time DESC [LIMIT MaxItems]}; v2 selects the newest {@code serial_id}s first and joins
 *       back (the form PAI-Rec's v2 table is laid out for), with {@code TimeInterval} 90 days when absent.
 *       Items in those rows are removed (with {@code OnlyLogUserExposeFlag} they are kept and marked
 *       {@code _is_exposure_ = 1});</li>
 *   <li>{@code WriteLog: true}: after the response, {@code INSERT INTO <table> (uid, item, create_time)
 *       VALUES (?, ?, ?)} with the final items, unless the scene is in {@code WriteLogExcludeScenes};</li>
 *   <li>{@code ClearLogIfNotEnoughScene}: after a response of that scene with fewer items than asked
 *       for, {@code DELETE FROM <table> WHERE uid = ?} (after the write), so the user sees items again;</li>
 *   <li>{@code User2ItemExposureWithConditionFilter}: when its {@code Conditions} (on the user's
 *       properties, read by the engine's {@link FilterConditions}) hold, nothing is filtered and the user's
 *       log is deleted in the background, in the scene {@code ClearLogIfNotEnoughScene} only (PAI-Rec's
 *       Hologres DAO clears only there).</li>
 * </ul>
 * The exposure key of an item is its id (PAI-Rec's {@code GenerateItemDataFuncName} /
 * {@code GenerateItemDataExpr} hooks are not supported). PAI-Rec's v2 without {@code MaxItems} asks for
 * {@code LIMIT 0} and so filters nothing; here it reads every row in the time window.
 */
final class ExposureFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ExposureFilter.class);

    private final String name;
    private final String component;
    private final HologresDatasource db;
    private final Clock clock;
    private final String selectSql;
    private final String insertSql;
    private final String deleteSql;
    private final String clearScene;
    private final int timeInterval;
    private final boolean writeLog;
    private final boolean onlyFlag;
    private final Set<String> excludeScenes;
    private final FilterConditions.Condition clearWhen;
    private final String type;
    private final java.util.concurrent.Executor background;

    static final String TYPE = "User2ItemExposureFilter";
    static final String WITH_CONDITION = "User2ItemExposureWithConditionFilter";
    private static final int V2_DEFAULT_INTERVAL = 86400 * 90;

    /** {@code User2ItemExposureFilter}. */
    ExposureFilter(ComponentConfig c, PluginContext context) {
        this(c, context, false);
    }

    /** What {@code validate} and start-up refuse alike (conditions are read at start-up, by the engine). */
    static List<ConfigException> check(ComponentConfig c) {
        List<ConfigException> problems = new ArrayList<>();
        String version = c.string("FilterTypeVersion");
        if (!version.isEmpty() && !"v1".equals(version) && !"v2".equals(version)) {
            problems.add(new ConfigException(c.component(), "FilterTypeVersion",
                    "'" + version + "' is not a version of the Hologres exposure table; known: [v1, v2]"));
        }
        for (String hook : List.of("GenerateItemDataFuncName", "GenerateItemDataExpr", "GenerateUserDataExpr")) {
            if (!c.string(hook).isEmpty()) {
                problems.add(new ConfigException(c.component(), hook, "is not supported by the hologres plugin"));
            }
        }
        for (String key : List.of("TimeInterval", "MaxItems")) {
            if (c.integer(key, 0) < 0) {
                problems.add(new ConfigException(c.component(), key, "want a number >= 0, got " + c.integer(key, 0)));
            }
        }
        Conf.requireAll(c, "DaoConf", problems, "HologresName", "HologresTableName");
        return problems;
    }

    /** {@code User2ItemExposureWithConditionFilter} when {@code withCondition}. */
    ExposureFilter(ComponentConfig c, PluginContext context, boolean withCondition) {
        Conf.throwFirst(check(c));
        this.name = c.name();
        this.type = withCondition ? WITH_CONDITION : TYPE;
        this.component = "filter '" + name + "'";
        boolean v2 = "v2".equals(c.string("FilterTypeVersion"));
        ComponentConfig dao = c.child("DaoConf");
        this.db = Conf.datasource(c, "DaoConf", dao, context);
        this.clock = context.clock();
        String table = Conf.require(c, "DaoConf", dao, "HologresTableName");
        int interval = c.integer("TimeInterval", 0);
        this.timeInterval = interval > 0 ? interval : v2 ? V2_DEFAULT_INTERVAL : 0;
        int maxItems = c.integer("MaxItems", 0);
        String newest = " WHERE uid = ?" + (timeInterval > 0 ? " AND create_time >= ?" : "")
                + " ORDER BY create_time DESC" + (maxItems > 0 ? " LIMIT " + maxItems : "");
        this.selectSql = v2
                ? "SELECT t.item FROM (SELECT serial_id FROM " + table + newest + ") AS u JOIN " + table
                        + " AS t ON t.serial_id = u.serial_id"
                : "SELECT item FROM " + table + newest;
        this.insertSql = "INSERT INTO " + table + " (uid, item, create_time) VALUES (?, ?, ?)";
        this.deleteSql = "DELETE FROM " + table + " WHERE uid = ?";
        this.clearScene = c.string("ClearLogIfNotEnoughScene");
        this.writeLog = c.bool("WriteLog", false);
        this.onlyFlag = c.bool("OnlyLogUserExposeFlag", false);
        this.excludeScenes = Set.copyOf(c.stringList("WriteLogExcludeScenes"));
        if (withCondition) {
            FilterConditions conditions = context.service(FilterConditions.class).orElseThrow(() ->
                    new ConfigException(c.component(), "Conditions", "the engine offers no condition reading"));
            this.clearWhen = conditions.read(c, component, "Conditions");
        } else {
            this.clearWhen = null;
        }
        this.background = context.executor();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        if (clearWhen != null && !clearWhen.isEmpty() && clearWhen.test(user.properties(), Map.of())) {
            // the user starts over: nothing is filtered, and the log goes (PAI-Rec: only in its clear scene)
            if (clearScene.equals(context.sceneId())) {
                String uid = user.id();
                background.execute(() -> {
                    try {
                        clearLog(uid);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: clearing the exposure log of uid={} failed: {}", this, uid, e.toString());
                    }
                });
            }
            return FilterResult.keepAll(items);
        }
        long since = now() - timeInterval;
        Set<String> exposed = db.query(component, selectSql, 0, ps -> {
            ps.setString(1, user.id());
            if (timeInterval > 0) {
                ps.setInt(2, (int) since);
            }
        }, rs -> {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null) {
                    for (String id : v.split(",")) {
                        ids.add(id);
                    }
                }
            }
            return ids;
        });
        if (onlyFlag) {
            return FilterResult.markingIds(items, exposed, "_is_exposure_");
        }
        return FilterResult.withoutIds(items, exposed);
    }

    /** With {@code WriteLog} or {@code ClearLogIfNotEnoughScene}: work after the response. */
    @Override
    public boolean hasAfterResponse() {
        return writeLog || !clearScene.isEmpty();
    }

    @Override
    public void afterResponse(RecContext context, User user, List<Item> items) {
        if (writeLog) {
            writeLog(context, user, items);
        }
        if (!clearScene.isEmpty() && clearScene.equals(context.sceneId()) && items.size() < context.size()) {
            clearLog(user.id());
        }
    }

    private void clearLog(String uid) {
        db.update(component, deleteSql, Math.max(1000, db.queryTimeoutMs()), ps -> ps.setString(1, uid));
    }

    private void writeLog(RecContext context, User user, List<Item> items) {
        if (excludeScenes.contains(context.sceneId())) {
            return;
        }
        if (items.isEmpty()) {
            LOG.debug("requestId={}\tmodule=User2ItemExposureHologresDao\terr=items empty", context.requestId());
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Item item : items) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(item.id());
        }
        String ids = sb.toString();
        long createTime = now();
        // a background write: allow it more time than a request-path read
        db.update(component, insertSql, Math.max(1000, db.queryTimeoutMs()), ps -> {
            ps.setString(1, user.id());
            ps.setString(2, ids);
            ps.setInt(3, (int) createTime);
        });
    }

    @Override
    public String toString() {
        return type + " '" + name + "'";
    }
}
