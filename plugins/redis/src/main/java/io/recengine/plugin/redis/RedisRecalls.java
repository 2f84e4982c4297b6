package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
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

/** The recalls PAI-Rec backs with Redis ({@code DaoConf.RedisName}, key {@code RedisPrefix + uid}). */
final class RedisRecalls {

    private RedisRecalls() {
    }

    /** {@code RecallCount}; PAI-Rec's 0 when absent, read as 500 as the hologres plugin does. */
    static int recallCount(ComponentConfig c) {
        int n = c.integer("RecallCount", 0);
        return n > 0 ? n : 500;
    }

    /** The non-empty entries of a comma-joined list. */
    static List<String> entries(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String s : value.split(",")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** PAI-Rec's cut of a long list: shuffle the first half, keep the first {@code count}. */
    static <T> List<T> shuffleHalfAndTruncate(List<T> list, int count) {
        if (list.size() <= count) {
            return list;
        }
        List<T> half = list.subList(0, list.size() / 2);
        Collections.shuffle(half, ThreadLocalRandom.current());
        return new ArrayList<>(list.subList(0, count));
    }

    /**
     * {@code UserCustomRecall}: {@code GET <RedisPrefix><uid>} holds {@code id}, {@code id:retrieveId} or
     * {@code id:retrieveId:score} entries joined by commas, in the stored order.
     */
    static final class UserCustom implements Recall {
        private final String name;
        private final String component;
        private final RedisDatasource redis;
        private final String prefix;
        private final int count;

        UserCustom(ComponentConfig c, PluginContext context) {
            this.name = c.name();
            this.component = "recall " + c.component();
            ComponentConfig dao = c.child("DaoConf");
            this.redis = RedisPlugin.datasource(c, dao, context);
            this.prefix = dao.string("RedisPrefix");
            this.count = recallCount(c);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            String key = prefix + user.id();
            List<String> ids = shuffleHalfAndTruncate(entries(redis.call(component, j -> j.get(key))), count);
            List<Item> out = new ArrayList<>(ids.size());
            for (String entry : ids) {
                String[] p = entry.split(":", -1);
                if (p.length > 3) {
                    continue;
                }
                String retrieveId = p.length > 1 && !p[1].isEmpty() ? p[1] : name;
                double score = 0;
                if (p.length == 3) {
                    Double d = RedisValues.number(p[2]);
                    score = d == null ? 0 : d;
                }
                out.add(new Item(p[0], retrieveId, score));
            }
            return out;
        }

        @Override
        public String toString() {
            return "UserCustomRecall(redis) '" + name + "'";
        }
    }

    /**
     * {@code UserCollaborativeFilterRecall} with {@code UserCollaborativeDaoConf.AdapterType: redis}:
     * {@code GET <DaoConf.RedisPrefix><uid>} holds the trigger items {@code id:weight,...}; {@code MGET} of the
     * trigger ids (no prefix) holds each one's similar items {@code id:score,...}. An item scores
     * {@code score * weight}, summed over triggers, divided by the maximum when {@code Normalization} is on
     * (the default); best first, cut to {@code RecallCount}.
     */
    static final class UserCf implements Recall {
        private final String name;
        private final String component;
        private final RedisDatasource redis;
        private final String prefix;
        private final int count;
        private final boolean normalization;

        UserCf(ComponentConfig c, PluginContext context) {
            this.name = c.name();
            this.component = "recall " + c.component();
            ComponentConfig dao = c.child("DaoConf");
            this.redis = RedisPlugin.datasource(c, dao, context);
            this.prefix = dao.string("RedisPrefix");
            this.count = recallCount(c);
            String norm = c.child("UserCollaborativeDaoConf").string("Normalization");
            this.normalization = norm.isEmpty() || "on".equals(norm);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            String key = prefix + user.id();
            return redis.call(component, jedis -> {
                Map<String, Double> weights = new LinkedHashMap<>();
                for (String entry : entries(jedis.get(key))) {
                    String[] p = entry.split(":", -1);
                    if (p[0].isEmpty()) {
                        continue;
                    }
                    Double w = p.length > 1 ? RedisValues.number(p[1]) : null;
                    weights.put(p[0], w == null ? 1.0 : w);
                }
                if (weights.isEmpty()) {
                    return List.<Item>of();
                }
                List<String> triggers = shuffleHalfAndTruncate(new ArrayList<>(weights.keySet()), count);
                List<String> similar = jedis.mget(triggers.toArray(new String[0]));
                Map<String, Item> merged = new LinkedHashMap<>();
                for (int t = 0; t < triggers.size(); t++) {
                    double weight = weights.get(triggers.get(t));
                    for (String entry : entries(similar.get(t))) {
                        String[] p = entry.split(":", -1);
                        if (p.length != 2 || p[0].isEmpty() || p[0].equals("null")) {
                            continue;
                        }
                        Double s = RedisValues.number(p[1].trim());
                        double score = s == null ? weight : s * weight;
                        Item prev = merged.get(p[0]);
                        if (prev == null) {
                            merged.put(p[0], new Item(p[0], name, score));
                        } else {
                            prev.setScore(prev.score() + score);
                        }
                    }
                }
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
            });
        }

        @Override
        public String toString() {
            return "UserCollaborativeFilterRecall(redis) '" + name + "'";
        }
    }
}
