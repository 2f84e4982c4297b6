package io.recengine.plugin.hologres;

import io.recengine.spi.concurrent.Fanout;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code UserCollaborativeFilterRecall} over Hologres ({@code UserCollaborativeDaoConf}), as PAI-Rec's
 * {@code UserCollaborativeHologresDao}:
 * <ol>
 *   <li>{@code SELECT item_ids FROM <User2ItemTable> WHERE user_id = ?}: triggers {@code item:weight,...}
 *       (weight 1 when absent); more than 200 triggers: first half shuffled, cut to 200;</li>
 *   <li>the triggers in 4 groups, in parallel: {@code SELECT item_id, similar_item_ids FROM <Item2ItemTable>
 *       WHERE item_id IN (...)} (each group padded to 50 parameters so one statement text is reused);</li>
 *   <li>score of a similar item = similarity x trigger weight, summed over triggers; divided by the
 *       maximum when {@code Normalization} is {@code on} (the default); sorted by score, cut to
 *       {@code RecallCount}.</li>
 * </ol>
 */
final class UserCfRecall implements Recall {

    private static final Logger LOG = LoggerFactory.getLogger(UserCfRecall.class);

    static final int MAX_TRIGGERS = 200;
    static final int GROUPS = 4;
    static final int GROUP_SIZE = MAX_TRIGGERS / GROUPS;

    private final String name;
    private final String component;
    private final HologresDatasource db;
    private final ExecutorService executor;
    private final String u2iSql;
    private final String i2iSql;
    private final boolean normalization;
    private final int recallCount;

    UserCfRecall(ComponentConfig c, PluginContext context) {
        this.name = c.name();
        this.component = "recall '" + name + "'";
        String block = "UserCollaborativeDaoConf";
        ComponentConfig dao = c.child(block);
        this.db = Conf.datasource(c, block, dao, context);
        this.executor = context.executor();
        this.u2iSql = "SELECT item_ids FROM " + Conf.require(c, block, dao, "User2ItemTable") + " WHERE user_id = ?";
        this.i2iSql = "SELECT item_id, similar_item_ids FROM " + Conf.require(c, block, dao, "Item2ItemTable")
                + " WHERE item_id IN (" + HologresFeatureDao.placeholders(GROUP_SIZE) + ")";
        String norm = dao.string("Normalization");
        this.normalization = norm.isEmpty() || "on".equals(norm);
        this.recallCount = Conf.recallCount(c);
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        List<String> rows = db.query(component, u2iSql, 0, ps -> ps.setString(1, user.id()), rs -> {
            List<String> out = new ArrayList<>(1);
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        });
        List<String> triggers = new ArrayList<>();
        Map<String, Double> weights = new HashMap<>();
        for (String row : rows) {
            if (row == null) {
                continue;
            }
            for (String entry : row.split(",")) {
                String[] p = entry.split(":");
                if (p.length == 0 || p[0].isEmpty()) {
                    continue;
                }
                triggers.add(p[0]);
                double w = 1;
                if (p.length > 1) {
                    Double parsed = IdList.number(p[1]);
                    if (parsed != null) {
                        w = parsed;
                    } else {
                        LOG.warn("requestId={}\tmodule=UserCollaborativeHologresDao\tevent=ParsePreferScore\tuid={}\tvalue={}",
                                context.requestId(), user.id(), p[1]);
                    }
                }
                weights.put(p[0], w);
            }
        }
        if (triggers.isEmpty()) {
            return new ArrayList<>();
        }
        if (triggers.size() > MAX_TRIGGERS) {
            IdList.shuffle(triggers, triggers.size() / 2);
            triggers = new ArrayList<>(triggers.subList(0, MAX_TRIGGERS));
        }
        List<List<String>> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < triggers.size(); i++) {
            groups.get(i % GROUPS).add(triggers.get(i));
        }
        groups.removeIf(List::isEmpty);

        List<java.util.concurrent.Callable<List<Item>>> queries = new ArrayList<>(groups.size());
        for (List<String> group : groups) {
            queries.add(() -> similar(group, weights));
        }
        List<List<Item>> results = Fanout.callerRuns(executor).values(component, queries);
        // merge: first occurrence kept, scores summed
        Map<String, Item> merged = new LinkedHashMap<>();
        for (List<Item> part : results) {
            for (Item item : part) {
                Item prev = merged.putIfAbsent(item.id(), item);
                if (prev != null) {
                    prev.setScore(prev.score() + item.score());
                }
            }
        }
        List<Item> out = new ArrayList<>(merged.values());
        double max = 0;
        for (Item item : out) {
            max = Math.max(max, item.score());
        }
        if (normalization && max > 0) {
            for (Item item : out) {
                item.setScore(item.score() / max);
            }
        }
        out.sort(Comparator.comparingDouble(Item::score).reversed());
        return out.size() > recallCount ? new ArrayList<>(out.subList(0, recallCount)) : out;
    }

    private List<Item> similar(List<String> group, Map<String, Double> weights) {
        return db.query(component, i2iSql, 0, ps -> {
            for (int i = 0; i < GROUP_SIZE; i++) {
                ps.setString(i + 1, i < group.size() ? group.get(i) : HologresFeatureDao.PAD_KEY);
            }
        }, rs -> {
            List<Item> items = new ArrayList<>();
            while (rs.next()) {
                String trigger = rs.getString(1);
                String list = rs.getString(2);
                if (list == null) {
                    continue;
                }
                double weight = weights.getOrDefault(trigger, 0.0);
                for (String entry : list.split(",")) {
                    String[] p = entry.split(":");
                    if (p.length == 2 && !p[0].isEmpty() && !"null".equals(p[0])) {
                        Double sim = IdList.number(p[1]);
                        items.add(new Item(p[0], name, sim == null ? weight : sim * weight));
                    }
                }
            }
            return items;
        });
    }

    @Override
    public String toString() {
        return "UserCollaborativeFilterRecall '" + name + "'";
    }
}
