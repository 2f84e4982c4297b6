package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code UserGlobalHotRecall} over Hologres ({@code DaoConf}), as PAI-Rec's
 * {@code UserGlobalHotRecallHologresDao}:
 * <ul>
 *   <li>default: {@code SELECT item_ids FROM <HologresTableName> WHERE trigger_id = '-1'}, entries
 *       {@code id[:retrieveId[:score]]};</li>
 *   <li>{@code ItemIdField} only: {@code SELECT <ItemIdField> FROM <table>}, one id per row;</li>
 *   <li>{@code ItemIdField} + {@code ItemScoreField}: one id and score per row (read best first,
 *       {@code LIMIT RecallCount}).</li>
 * </ul>
 * Entries with a score get the algo score {@code hot_score}; entries without one get a random score
 * (as PAI-Rec). More than {@code RecallCount}: sorted by score and cut.
 */
final class GlobalHotRecall implements Recall {

    private final String name;
    private final HologresDatasource db;
    private final String sql;
    private final boolean idScoreColumns;
    private final int recallCount;

    GlobalHotRecall(ComponentConfig c, PluginContext context) {
        this.name = c.name();
        ComponentConfig dao = c.child("DaoConf");
        this.db = Conf.datasource(c, "DaoConf", dao, context);
        String table = Conf.require(c, "DaoConf", dao, "HologresTableName");
        String idField = dao.string("ItemIdField");
        String scoreField = dao.string("ItemScoreField");
        this.recallCount = Conf.recallCount(c);
        this.idScoreColumns = !idField.isEmpty() && !scoreField.isEmpty();
        if (idScoreColumns) {
            this.sql = "SELECT " + idField + ", " + scoreField + " FROM " + table + " ORDER BY " + scoreField
                    + " DESC LIMIT " + recallCount;
        } else if (!idField.isEmpty()) {
            this.sql = "SELECT " + idField + " FROM " + table;
        } else {
            this.sql = "SELECT item_ids FROM " + table + " WHERE trigger_id = '-1'";
        }
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        String component = "recall '" + name + "'";
        List<Item> items;
        if (idScoreColumns) {
            items = db.query(component, sql, 0, ps -> {
            }, rs -> {
                List<Item> out = new ArrayList<>();
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (id == null || id.isEmpty()) {
                        continue;
                    }
                    Item item = new Item(id, name, rs.getDouble(2));
                    item.setAlgoScore("hot_score", item.score());
                    out.add(item);
                }
                return out;
            });
        } else {
            List<String> values = db.query(component, sql, 0, ps -> {
            }, rs -> {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            });
            items = new ArrayList<>();
            for (String entry : IdList.entries(values)) {
                Item item = IdList.item(entry, name, Double.NaN);
                if (item == null) {
                    continue;
                }
                if (entry.split(":", -1).length == 3) {
                    item.setAlgoScore("hot_score", item.score());
                }
                items.add(item);
            }
        }
        if (items.size() > recallCount) {
            items.sort(Comparator.comparingDouble(Item::score).reversed());
            items = new ArrayList<>(items.subList(0, recallCount));
        }
        return items;
    }
}
