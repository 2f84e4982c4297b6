package io.recengine.plugin.mysql;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The recalls PAI-Rec backs with MySQL tables. */
final class MysqlRecalls {

    private MysqlRecalls() {
    }

    static int recallCount(ComponentConfig c) {
        int n = c.integer("RecallCount", 0);
        return n > 0 ? n : 500;
    }

    /** The non-empty entries of the comma-joined lists of every row. */
    static List<String> entries(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                for (String s : v.split(",")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    static <T> List<T> shuffleHalfAndTruncate(List<T> list, int count) {
        if (list.size() <= count) {
            return list;
        }
        Collections.shuffle(list.subList(0, list.size() / 2), ThreadLocalRandom.current());
        return new ArrayList<>(list.subList(0, count));
    }

    static String table(ComponentConfig owner, String block, ComponentConfig dao, String key) {
        String t = dao.string(key);
        if (t.isEmpty()) {
            throw new ConfigException(owner.component(), block + "." + key, "is required");
        }
        if (!t.matches("[A-Za-z0-9_.$]+")) {
            throw new ConfigException(owner.component(), block + "." + key, "must be a table name");
        }
        return t;
    }

    /** {@code UserCustomRecall}: {@code SELECT item_ids FROM <DaoConf.MysqlTable> WHERE user_id = ?}. */
    static final class UserCustom implements Recall {
        private final String name;
        private final String component;
        private final MysqlDatasource db;
        private final String sql;
        private final int count;

        UserCustom(ComponentConfig c, PluginContext context) {
            this.name = c.name();
            this.component = "recall " + c.component();
            ComponentConfig dao = c.child("DaoConf");
            this.db = MysqlPlugin.datasource(c, dao, context);
            this.sql = "SELECT item_ids FROM " + table(c, "DaoConf", dao, "MysqlTable") + " WHERE user_id = ?";
            this.count = recallCount(c);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            List<String> ids = shuffleHalfAndTruncate(entries(db.query(component, sql, ps -> ps.setString(1, user.id()),
                    rs -> {
                        List<String> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                        return out;
                    })), count);
            List<Item> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                out.add(new Item(id, name, 0));
            }
            return out;
        }
    }

    /**
     * {@code UserCollaborativeFilterRecall} with {@code UserCollaborativeDaoConf.AdapterType: mysql}:
     * {@code SELECT article_ids FROM <User2ItemTable> WHERE user_id = ?} gives the triggers {@code id:weight},
     * {@code SELECT article_id, article_ids FROM <Item2ItemTable> WHERE article_id IN (...)} their similar
     * items {@code id:score}; scores multiply, sum, normalize (unless {@code Normalization: off}), best first.
     * With {@code Adapter: UserVideoCollaborativeMysqlDao} the columns are PAI-Rec's video ones:
     * {@code item_ids} of the user, {@code item_id, similar_item_ids} of the triggers.
     */
    static final class UserCf implements Recall {
        /** {@code UserCollaborativeDaoConf.Adapter} of PAI-Rec's video layout. */
        static final String VIDEO_ADAPTER = "UserVideoCollaborativeMysqlDao";
        /** PAI-Rec's MySQL DAOs look up at most 100 triggers (the first half shuffled, then cut). */
        static final int TRIGGERS = 100;
        private final String name;
        private final String component;
        private final MysqlDatasource db;
        private final String userSql;
        private final String itemSqlHead;
        private final int count;
        private final boolean normalization;

        UserCf(ComponentConfig c, PluginContext context) {
            this.name = c.name();
            this.component = "recall " + c.component();
            String block = "UserCollaborativeDaoConf";
            ComponentConfig dao = c.child(block);
            ComponentConfig named = dao.string("MysqlName").isEmpty() ? c.child("DaoConf") : dao;
            this.db = MysqlPlugin.datasource(c, named, context);
            // PAI-Rec's two MySQL layouts, picked by UserCollaborativeDaoConf.Adapter: articles (the default) or videos
            boolean video = VIDEO_ADAPTER.equals(dao.string("Adapter"));
            String key = video ? "item_id" : "article_id";
            this.userSql = "SELECT " + (video ? "item_ids" : "article_ids") + " FROM "
                    + table(c, block, dao, "User2ItemTable") + " WHERE user_id = ?";
            this.itemSqlHead = "SELECT " + key + ", " + (video ? "similar_item_ids" : "article_ids") + " FROM "
                    + table(c, block, dao, "Item2ItemTable") + " WHERE " + key + " IN (";
            this.count = recallCount(c);
            String norm = dao.string("Normalization");
            this.normalization = norm.isEmpty() || "on".equals(norm);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String entry : entries(db.query(component, userSql, ps -> ps.setString(1, user.id()), rs -> {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }))) {
                String[] p = entry.split(":", -1);
                if (p[0].isEmpty()) {
                    continue;
                }
                double w = 1;
                if (p.length > 1) {
                    try {
                        w = Double.parseDouble(p[1]);
                    } catch (NumberFormatException e) {
                        w = 1;
                    }
                }
                weights.put(p[0], w);
            }
            if (weights.isEmpty()) {
                return List.of();
            }
            List<String> triggers = shuffleHalfAndTruncate(new ArrayList<>(weights.keySet()), TRIGGERS);
            String sql = itemSqlHead + "?,".repeat(triggers.size() - 1) + "?)";
            Map<String, Item> merged = new LinkedHashMap<>();
            db.query(component, sql, ps -> {
                for (int i = 0; i < triggers.size(); i++) {
                    ps.setString(i + 1, triggers.get(i));
                }
            }, rs -> {
                while (rs.next()) {
                    double weight = weights.getOrDefault(rs.getString(1), 0.0);
                    String list = rs.getString(2);
                    for (String entry : list == null ? new String[0] : list.split(",")) {
                        String[] p = entry.split(":", -1);
                        if (p.length != 2 || p[0].isEmpty() || p[0].equals("null")) {
                            continue;
                        }
                        double score;
                        try {
                            score = Double.parseDouble(p[1].trim()) * weight;
                        } catch (NumberFormatException e) {
                            score = weight;
                        }
                        Item prev = merged.get(p[0]);
                        if (prev == null) {
                            merged.put(p[0], new Item(p[0], name, score));
                        } else {
                            prev.setScore(prev.score() + score);
                        }
                    }
                }
                return null;
            });
            List<Item> out = new ArrayList<>(merged.values());
            double max = 0;
            for (Item i : out) {
                max = Math.max(max, i.score());
            }
            if (normalization && max > 0) {
                for (Item i : out) {
                    i.setScore(i.score() / max);
                }
            }
            out.sort(Comparator.comparingDouble(Item::score).reversed());
            return out.size() > count ? new ArrayList<>(out.subList(0, count)) : out;
        }
    }

    /**
     * {@code UserTopicRecall} with {@code UserTopicDaoConf.AdapterType: mysql} ({@code MysqlName},
     * {@code UserTopicTable}, {@code TopicItemTable}), PAI-Rec's {@code UserTopicMysqlDao}: the user's
     * {@code favorite_topic} rows hold {@code topic:value} entries (a value that is 0 or no number reads as 0.5);
     * more than 10 topics are shuffled and cut to 10. Each topic gets {@code RecallCount} shared in proportion to
     * its value (rounded down) and answers that many rows of {@code SELECT article_ids FROM <TopicItemTable>
     * WHERE topic = ? ORDER BY publish_time DESC, value DESC}, one item id per row, topics in order.
     */
    static final class UserTopic implements Recall {
        static final int TOPICS = 10;

        private final String name;
        private final String component;
        private final MysqlDatasource db;
        private final String userSql;
        private final String topicSql;
        private final int count;

        private record Topic(String topic, double value) {
        }

        UserTopic(ComponentConfig c, PluginContext context) {
            this.name = c.name();
            this.component = "recall " + c.component();
            String block = "UserTopicDaoConf";
            ComponentConfig dao = c.child(block);
            this.db = MysqlPlugin.datasource(c, dao, context);
            this.userSql = "SELECT favorite_topic FROM " + table(c, block, dao, "UserTopicTable") + " WHERE user_id = ?";
            this.topicSql = "SELECT article_ids FROM " + table(c, block, dao, "TopicItemTable")
                    + " WHERE topic = ? ORDER BY publish_time DESC, value DESC LIMIT ?";
            this.count = recallCount(c);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            List<Topic> topics = new ArrayList<>();
            for (String entry : entries(db.query(component, userSql, ps -> ps.setString(1, user.id()), rs -> {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }))) {
                String[] p = entry.split(":", -1);
                if (p.length != 2) {
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(p[1]);
                } catch (NumberFormatException e) {
                    v = 0;
                }
                topics.add(new Topic(p[0], v == 0 ? 0.5 : v));
            }
            if (topics.size() > TOPICS) {
                Collections.shuffle(topics, ThreadLocalRandom.current());
                topics = new ArrayList<>(topics.subList(0, TOPICS));
            }
            double total = 0;
            for (Topic t : topics) {
                total += t.value();
            }
            List<Item> out = new ArrayList<>();
            for (Topic t : topics) {
                int n = (int) (t.value() / total * count);
                if (n <= 0) {
                    continue;
                }
                db.query(component, topicSql, ps -> {
                    ps.setString(1, t.topic());
                    ps.setInt(2, n);
                }, rs -> {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (id != null) {
                            out.add(new Item(id, name, 0));
                        }
                    }
                    return null;
                });
            }
            return out;
        }

        @Override
        public String toString() {
            return "UserTopicRecall(mysql) '" + name + "'";
        }
    }
}
