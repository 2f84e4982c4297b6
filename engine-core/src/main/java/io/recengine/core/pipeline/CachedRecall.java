package io.recengine.core.pipeline;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallCache;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * PAI-Rec's recall result cache ({@code CacheAdapter}, {@code CachePrefix}, {@code CacheTime},
 * {@code CacheConfig}) around one recall: the answer is looked up in a {@link RecallCache} first and the
 * recall runs only on a miss; a non-empty answer is then stored for {@code CacheTime} seconds (1800 when
 * unset), off the request thread, as PAI-Rec does it in a goroutine.
 *
 * <p>Keys as PAI-Rec builds them: {@code CachePrefix + uid}; the recall's name for the recalls that answer
 * every user alike ({@code UserGlobalHotRecall}, {@code ColdStartRecall}); the request's {@code item_id}
 * for {@code ItemCollaborativeFilterRecall}. Values: {@code id:retrieveId:score} entries joined by commas
 * (PAI-Rec writes {@code id::score}; an empty retrieve id reads as the recall's name). A cached answer
 * keeps ids, scores and retrieve ids only, as in PAI-Rec.
 *
 * <p>A failing cache never fails the recall: a failed read runs the recall, a failed write is dropped;
 * both are logged and counted ({@code recengine_plugin_recall_cache_total}, outcome {@code hit},
 * {@code miss}, {@code error}).
 */
final class CachedRecall implements Recall {

    private static final Logger LOG = LoggerFactory.getLogger(CachedRecall.class);

    /** PAI-Rec's default {@code CacheTime}, seconds. */
    static final int DEFAULT_CACHE_TIME_S = 1800;
    /** The recall types whose PAI-Rec implementation reads and fills the cache; others ignore it there. */
    static final Set<String> CACHING_TYPES = Set.of("UserCustomRecall", "UserCollaborativeFilterRecall",
            "ItemCollaborativeFilterRecall", "UserGlobalHotRecall", "ColdStartRecall", "UserTopicRecall",
            "VectorRecall", "HologresVectorRecall", "HologresVectorRecallV2", "I2IVectorRecall",
            "RealTimeU2IRecall", "OnlineHologresVectorRecall", "OnlineVectorRecall", "GraphRecall");
    /** Recalls that answer every user alike: PAI-Rec keys them by the recall's name. */
    private static final Set<String> GLOBAL_TYPES = Set.of("UserGlobalHotRecall", "ColdStartRecall");

    private enum Keying { USER, NAME, ITEM }

    private final String name;
    private final Recall recall;
    private final RecallCache cache;
    private final String adapter;
    private final String prefix;
    private final Duration ttl;
    private final Keying keying;
    /** {@code UserGlobalHotRecall} also sets {@code hot_score} on a cached answer, as PAI-Rec's does. */
    private final boolean hotScore;
    private final Executor writer;
    private final PluginMetrics metrics;

    private CachedRecall(ComponentConfig c, Recall recall, RecallCache cache, Executor writer, PluginMetrics metrics) {
        String type = c.string("RecallType");
        this.name = c.name();
        this.recall = recall;
        this.cache = cache;
        this.adapter = c.string("CacheAdapter");
        this.prefix = c.string("CachePrefix");
        int seconds = c.integer("CacheTime", 0);
        this.ttl = Duration.ofSeconds(seconds > 0 ? seconds : DEFAULT_CACHE_TIME_S);
        this.keying = GLOBAL_TYPES.contains(type) ? Keying.NAME
                : "ItemCollaborativeFilterRecall".equals(type) ? Keying.ITEM : Keying.USER;
        this.hotScore = "UserGlobalHotRecall".equals(type);
        this.writer = writer;
        this.metrics = metrics;
    }

    /** Whether the config asks for a result cache on a recall type that honours one. */
    static boolean wanted(ComponentConfig c) {
        if (c.string("CacheAdapter").isEmpty()) {
            return false;
        }
        if (!CACHING_TYPES.contains(c.string("RecallType"))) {
            LOG.warn("recall '{}': RecallType '{}' does not use a result cache in PAI-Rec; CacheAdapter is ignored."
                    + " Recalls with a cache: {}", c.name(), c.string("RecallType"), new java.util.TreeSet<>(CACHING_TYPES));
            return false;
        }
        // ItemCollaborativeFilterRecall over several item ids caches per id in PAI-Rec; not supported: no cache
        return !c.bool("EnableMultipleItemId", false);
    }

    /**
     * {@code recall} behind {@code cache}.
     *
     * @param writer where stores run, after the answer went back
     */
    static Recall of(ComponentConfig c, Recall recall, RecallCache cache, Executor writer, PluginMetrics metrics) {
        return new CachedRecall(c, recall, cache, writer, metrics);
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        String key = switch (keying) {
            case USER -> prefix + user.id();
            case NAME -> name;
            case ITEM -> context.itemId();
        };
        if (key == null || key.isEmpty()) {
            return recall.recall(context, user);
        }
        List<Item> cached = read(key);
        if (cached != null) {
            return cached;
        }
        List<Item> items = recall.recall(context, user);
        if (items != null && !items.isEmpty()) {
            write(key, encode(items));
        }
        return items;
    }

    private List<Item> read(String key) {
        String value;
        try {
            value = cache.get(key);
        } catch (RuntimeException e) {
            count("error");
            LOG.warn("recall '{}': reading its {} cache failed, running the recall: {}", name, adapter, e.getMessage());
            return null;
        }
        List<Item> items = value == null ? List.of() : decode(value);
        if (items.isEmpty()) {
            count("miss");
            return null;
        }
        count("hit");
        return items;
    }

    private void write(String key, String value) {
        Runnable store = () -> {
            try {
                cache.put(key, value, ttl);
            } catch (RuntimeException e) {
                count("error");
                LOG.warn("recall '{}': writing its {} cache failed: {}", name, adapter, e.getMessage());
            }
        };
        if (cache.inProcess()) {
            store.run();
            return;
        }
        try {
            writer.execute(store);
        } catch (RejectedExecutionException e) {
            count("error");
            LOG.warn("recall '{}': no thread free to write its {} cache; the answer is not cached", name, adapter);
        }
    }

    private void count(String outcome) {
        metrics.increment("recall.cache", "recall", name, "adapter", adapter, "outcome", outcome);
    }

    /** {@code id:retrieveId:score,...}; the retrieve id left empty when it is the recall's name. */
    String encode(List<Item> items) {
        StringBuilder sb = new StringBuilder(items.size() * 16);
        for (Item item : items) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            String rid = item.retrieveId();
            sb.append(item.id()).append(':').append(rid.equals(name) ? "" : rid).append(':').append(item.score());
        }
        return sb.toString();
    }

    /**
     * Reads what {@link #encode} and PAI-Rec write: {@code id}, {@code id:score} (PAI-Rec's collaborative
     * filter recalls) or {@code id:retrieveId:score}; a score that is not a number reads as 0.
     */
    List<Item> decode(String value) {
        List<Item> out = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            String[] p = entry.split(":", -1);
            if (p[0].isEmpty()) {
                continue;
            }
            String rid = p.length == 3 && !p[1].isEmpty() ? p[1] : name;
            double score = p.length > 1 ? number(p[p.length - 1]) : 0;
            Item item = new Item(p[0], rid, score);
            if (hotScore) {
                item.setAlgoScore("hot_score", score);
            }
            out.add(item);
        }
        return out;
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** In process only when the cache is too: a remote cache must run under the recall's timeout. */
    @Override
    public boolean inProcess() {
        return recall.inProcess() && cache.inProcess();
    }

    /** The catalog built the recall and the cache, and closes them. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return recall + " cached in " + adapter;
    }
}
