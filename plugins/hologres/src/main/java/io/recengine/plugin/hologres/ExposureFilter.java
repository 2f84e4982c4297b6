package io.recengine.plugin.hologres;

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
 * {@code User2ItemExposureFilter} with a Hologres {@code DaoConf}, as PAI-Rec's
 * {@code User2ItemExposureHologresDao}. Table: {@code uid text, item text, create_time int4}, one row per
 * answered request, {@code item} the comma-joined ids shown.
 * <ul>
 *   <li>filter: {@code SELECT item FROM <table> WHERE uid = ? [AND create_time >= now - TimeInterval]
 *       ORDER BY create_time DESC [LIMIT MaxItems]}; items in those rows are removed (with
 *       {@code OnlyLogUserExposeFlag} they are kept and marked {@code _is_exposure_ = 1});</li>
 *   <li>{@code WriteLog: true}: after the response, {@code INSERT INTO <table> (uid, item, create_time)
 *       VALUES (?, ?, ?)} with the final items, unless the scene is in {@code WriteLogExcludeScenes};</li>
 *   <li>{@code ClearLogIfNotEnoughScene}: after a response of that scene with fewer items than asked
 *       for, {@code DELETE FROM <table> WHERE uid = ?} (after the write), so the user sees items again.</li>
 * </ul>
 * The exposure key of an item is its id (PAI-Rec's {@code GenerateItemDataFuncName} /
 * {@code GenerateItemDataExpr} hooks are not supported).
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

    ExposureFilter(ComponentConfig c, PluginContext context) {
        this.name = c.name();
        this.component = "filter '" + name + "'";
        String version = c.string("FilterTypeVersion");
        if (!version.isEmpty() && !"v1".equals(version)) {
            throw new ConfigException(c.component(), "FilterTypeVersion",
                    "'" + version + "' is not supported by the hologres plugin (only the v1 exposure table)");
        }
        for (String hook : List.of("GenerateItemDataFuncName", "GenerateItemDataExpr", "GenerateUserDataExpr")) {
            if (!c.string(hook).isEmpty()) {
                throw new ConfigException(c.component(), hook, "is not supported by the hologres plugin");
            }
        }
        ComponentConfig dao = c.child("DaoConf");
        this.db = Conf.datasource(c, "DaoConf", dao, context);
        this.clock = context.clock();
        String table = Conf.require(c, "DaoConf", dao, "HologresTableName");
        this.timeInterval = c.integer("TimeInterval", 0);
        int maxItems = c.integer("MaxItems", 0);
        this.selectSql = "SELECT item FROM " + table + " WHERE uid = ?" + (timeInterval > 0 ? " AND create_time >= ?" : "")
                + " ORDER BY create_time DESC" + (maxItems > 0 ? " LIMIT " + maxItems : "");
        this.insertSql = "INSERT INTO " + table + " (uid, item, create_time) VALUES (?, ?, ?)";
        this.deleteSql = "DELETE FROM " + table + " WHERE uid = ?";
        this.clearScene = c.string("ClearLogIfNotEnoughScene");
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
            for (Item item : items) {
                if (exposed.contains(item.id())) {
                    item.setProperty("_is_exposure_", 1);
                }
            }
            return FilterResult.keepAll(items);
        }
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            (exposed.contains(item.id()) ? removed : kept).add(item);
        }
        return FilterResult.of(kept, removed);
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
            db.update(component, deleteSql, Math.max(1000, db.queryTimeoutMs()), ps -> ps.setString(1, user.id()));
        }
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
        return "User2ItemExposureFilter '" + name + "'";
    }
}
