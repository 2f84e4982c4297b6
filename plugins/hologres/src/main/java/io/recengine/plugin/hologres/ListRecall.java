package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;

/**
 * The precomputed-list recalls over a Hologres table with an {@code item_ids} column
 * ({@code id}, {@code id:retrieveId}, {@code id:retrieveId:score} entries, comma-separated):
 * <ul>
 *   <li>{@code UserCustomRecall}: {@code SELECT item_ids FROM <DaoConf.HologresTableName> WHERE user_id = ?};</li>
 *   <li>{@code ItemCollaborativeFilterRecall}: {@code SELECT item_ids FROM <ItemCollaborativeDaoConf.Item2ItemTable>
 *       WHERE item_id = ?} with the request's {@code item_id} (several ids with {@code EnableMultipleItemId},
 *       split on {@code MultipleItemIdDelimiter}, default {@code ,}).</li>
 * </ul>
 * More entries than {@code RecallCount}: the first half is shuffled and the list truncated, as PAI-Rec.
 */
final class ListRecall implements Recall {

    enum Kind { USER_CUSTOM, ITEM_CF }

    private final String name;
    private final Kind kind;
    private final HologresDatasource db;
    private final String sql;
    private final int recallCount;
    private final int timeoutMs;
    private final boolean multipleItemIds;
    private final String itemIdDelimiter;

    ListRecall(Kind kind, ComponentConfig c, PluginContext context) {
        this.name = c.name();
        this.kind = kind;
        this.recallCount = Conf.recallCount(c);
        this.timeoutMs = 0;
        if (kind == Kind.USER_CUSTOM) {
            ComponentConfig dao = c.child("DaoConf");
            this.db = Conf.datasource(c, "DaoConf", dao, context);
            this.sql = "SELECT item_ids FROM " + Conf.require(c, "DaoConf", dao, "HologresTableName") + " WHERE user_id = ?";
            this.multipleItemIds = false;
            this.itemIdDelimiter = ",";
        } else {
            ComponentConfig dao = c.child("ItemCollaborativeDaoConf");
            this.db = Conf.datasource(c, "ItemCollaborativeDaoConf", dao, context);
            this.sql = "SELECT item_ids FROM " + Conf.require(c, "ItemCollaborativeDaoConf", dao, "Item2ItemTable")
                    + " WHERE item_id = ?";
            this.multipleItemIds = c.bool("EnableMultipleItemId", false);
            this.itemIdDelimiter = c.string("MultipleItemIdDelimiter", ",");
        }
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        List<String> keys;
        if (kind == Kind.USER_CUSTOM) {
            keys = List.of(user.id());
        } else {
            String itemId = context.itemId();
            if (itemId.isEmpty()) {
                return new ArrayList<>();
            }
            keys = multipleItemIds ? List.of(itemId.split(java.util.regex.Pattern.quote(itemIdDelimiter))) : List.of(itemId);
        }
        List<String> values = new ArrayList<>();
        for (String key : keys) {
            if (key.isEmpty()) {
                continue;
            }
            values.addAll(db.query("recall '" + name + "'", sql, timeoutMs, ps -> ps.setString(1, key), rs -> {
                List<String> out = new ArrayList<>(1);
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }));
        }
        List<String> ids = IdList.shuffleHalfAndTruncate(IdList.entries(values), recallCount);
        List<Item> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            Item item = IdList.item(id, name, 0);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    @Override
    public String toString() {
        return kind + " '" + name + "'";
    }
}
