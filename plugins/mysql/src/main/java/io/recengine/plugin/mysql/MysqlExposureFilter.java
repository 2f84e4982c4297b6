package io.recengine.plugin.mysql;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code User2ItemExposureFilter} with {@code DaoConf.AdapterType: mysql}, PAI-Rec's
 * {@code User2ItemExposureMysqlDao}: table {@code <DaoConf.MysqlTable>} with columns {@code article_id},
 * {@code uid}, {@code add_time} (unix s), one row per item shown.
 * <ul>
 *   <li>filter: {@code SELECT article_id FROM <table> WHERE uid = ?}; those items are removed
 *       ({@code OnlyLogUserExposeFlag}: kept, marked {@code _is_exposure_ = 1});</li>
 *   <li>{@code WriteLog: true}: after the response one row per item answered (one batch), not for
 *       {@code WriteLogExcludeScenes}.</li>
 * </ul>
 * PAI-Rec's sharded tables ({@code DaoConf.Config} {@code table_prefix}) are refused at start-up.
 */
final class MysqlExposureFilter implements Filter {

    private final String component;
    private final MysqlDatasource db;
    private final Clock clock;
    private final String selectSql;
    private final String insertSql;
    private final boolean writeLog;
    private final boolean onlyFlag;
    private final Set<String> excludeScenes;

    MysqlExposureFilter(ComponentConfig c, PluginContext context) {
        this.component = "filter '" + c.name() + "'";
        ComponentConfig dao = c.child("DaoConf");
        if (!dao.string("Config").isEmpty()) {
            throw new ConfigException(c.component(), "DaoConf.Config",
                    "sharded exposure tables (table_prefix) are not supported by the mysql plugin");
        }
        this.db = MysqlPlugin.datasource(c, dao, context);
        this.clock = context.clock();
        String table = MysqlRecalls.table(c, "DaoConf", dao, "MysqlTable");
        this.selectSql = "SELECT article_id FROM " + table + " WHERE uid = ?";
        this.insertSql = "INSERT INTO " + table + " (article_id, uid, add_time) VALUES (?, ?, ?)";
        this.writeLog = c.bool("WriteLog", false);
        this.onlyFlag = c.bool("OnlyLogUserExposeFlag", false);
        this.excludeScenes = Set.copyOf(c.stringList("WriteLogExcludeScenes"));
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        Set<String> exposed = db.query(component, selectSql, ps -> ps.setString(1, user.id()), rs -> {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        });
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
        if (!writeLog || items.isEmpty() || excludeScenes.contains(context.sceneId())) {
            return;
        }
        long addTime = clock.millis() / 1000;
        List<MysqlDatasource.Binder> rows = new ArrayList<>(items.size());
        for (Item item : items) {
            String id = item.id();
            rows.add(ps -> {
                ps.setString(1, id);
                ps.setString(2, user.id());
                ps.setLong(3, addTime);
            });
        }
        db.updateBatch(component, insertSql, rows);
    }

    @Override
    public String toString() {
        return "User2ItemExposureFilter(mysql) " + component;
    }
}
