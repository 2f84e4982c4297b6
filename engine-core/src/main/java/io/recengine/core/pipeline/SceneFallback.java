package io.recengine.core.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.recengine.core.config.RecallCacheConfig;
import io.micrometer.core.instrument.Counter;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.Values;
import io.recengine.spi.concurrent.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code SceneConfs[scene]["default"].FallbackConfig}: a ready list answered when the scene's pipeline
 * misses {@code Timeout} (ms, from the start of the run), and used to complete an answer that came in time
 * with fewer than {@code size} items when {@code CompleteItemsIfNeed}. The pipeline then runs on the
 * {@link StagePool}; on a timeout it goes on there and its after-response work runs when it ends
 * ({@link PipelineAnswer#ownItems()}).
 *
 * <p>The list is one row of a feature DAO, read through the {@code FeatureDao} SPI as an item-store load of
 * the item {@code -1} (PAI-Rec reads key {@code -1} of a FeatureStore view): its {@code item_ids} field,
 * {@code id[:retrieve_id[:score]]} separated by commas (retrieve id {@code Fallback} when empty or absent;
 * a repeated id adds its score). The DAO is chosen by the config's {@code AdapterType} with the config's
 * other keys as its {@code FeatureDaoConf} ({@code detail_table} + {@code DetailTable}, a Hologres table,
 * ...). The list is kept for {@code CacheTime} seconds (default 7200) in a Caffeine cache after a read
 * that found items, as PAI-Rec keeps it; the cache is built with the {@code SceneFallback}, once per
 * generation. {@code CacheConfig} is read as PAI-Rec reads it for its local cache ({@link CacheSettings}).
 *
 * <p>The answer, as PAI-Rec builds it: first the request's {@code item_list} items also in the list,
 * scores added, by score descending; then the other {@code item_list} items, shuffled; then the rest of
 * the list, shuffled; truncated to {@code size}. Every build counts {@code pairec_fallback_total{scene}}.
 * Immutable.
 */
final class SceneFallback {

    private static final Logger LOG = LoggerFactory.getLogger(SceneFallback.class);

    static final String RETRIEVE_ID = "Fallback";
    static final String CONTEXT_RETRIEVE_ID = "ContextItemRecall";
    /** The feature key PAI-Rec reads the list under, and the field holding it. */
    static final String LIST_KEY = "-1";
    static final String LIST_FIELD = "item_ids";
    static final int DEFAULT_CACHE_SECONDS = 7200;
    private static final String CACHE_KEY = "Fallback";

    /** One entry of the list. */
    record Entry(String id, String retrieveId, double score) {
    }

    private final String scene;
    private final long timeoutNanos;
    private final boolean completeItemsIfNeed;
    private final FeatureDao dao;
    private final Cache<String, List<Entry>> cache;
    private final Executor pool;
    private final Counter total;
    private final EngineMetrics metrics;

    /**
     * PAI-Rec's {@code CacheConfig} of the fallback's local cache: a JSON string (or, as for a recall's
     * {@code CacheConfig}, an object in place) {@code {"defaultExpiration": s, "cleanupInterval": s}},
     * default {@code {"defaultExpiration":1800, "cleanupInterval":1800}}; keys matched as Go matches them,
     * unknown keys ignored, a value that is no whole number refused (PAI-Rec then drops the scene's fallback;
     * here the config is refused at start).
     *
     * <p>What each does, as in PAI-Rec: {@code defaultExpiration} is the expiry of an entry stored without
     * one, and the list is always stored with {@code CacheTime} (default 7200 s), so it never decides when
     * the list is read again. {@code cleanupInterval} &gt; 0 has an expired list removed from memory without
     * waiting for the next read (PAI-Rec's janitor sweeps every {@code cleanupInterval}; Caffeine's scheduler
     * removes it at its expiry); &le; 0 leaves it until the next read, as PAI-Rec without a janitor does.
     */
    record CacheSettings(long defaultExpirationSeconds, long cleanupIntervalSeconds) {

        static final CacheSettings DEFAULT = new CacheSettings(1800, 1800);

        /** @param fallbackConf the {@code FallbackConfig} object */
        static CacheSettings read(ComponentConfig fallbackConf) {
            Object raw = fallbackConf.raw("CacheConfig");
            if (raw == null || raw instanceof String text && text.isBlank()) {
                return DEFAULT;
            }
            ComponentConfig c = RecallCacheConfig.of(fallbackConf);
            // PAI-Rec unmarshals into zero values: an absent key is 0, not the default
            return new CacheSettings(c.longValue("defaultExpiration", 0), c.longValue("cleanupInterval", 0));
        }
    }

    SceneFallback(String scene, long timeoutMs, boolean completeItemsIfNeed, FeatureDao dao, int cacheSeconds,
                  CacheSettings cacheSettings, Executor pool, EngineMetrics metrics, Ticker ticker) {
        this.scene = scene;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.completeItemsIfNeed = completeItemsIfNeed;
        this.dao = dao;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(1).ticker(ticker)
                .expireAfterWrite(Duration.ofSeconds(cacheSeconds > 0 ? cacheSeconds : DEFAULT_CACHE_SECONDS));
        if (cacheSettings.cleanupIntervalSeconds() > 0) {
            builder.scheduler(Scheduler.systemScheduler());
        }
        this.cache = builder.build();
        this.pool = pool;
        this.metrics = metrics;
        this.total = metrics.fallbackTotal(scene);
    }

    /**
     * @param conf the {@code FallbackConfig} object (validated at start)
     * @return null when the DAO cannot be built (the problem is in {@code w.problems})
     */
    static SceneFallback build(String scene, ComponentConfig conf, StageWiring w) {
        Map<String, Object> daoConf = new LinkedHashMap<>(conf.asMap());
        daoConf.keySet().removeIf(k -> k.equalsIgnoreCase("FeatureStore"));
        daoConf.put("FeatureStore", "item"); // the list is read as the row of item "-1"
        CacheSettings cacheSettings;
        try {
            cacheSettings = CacheSettings.read(conf);
        } catch (ConfigException e) {
            w.problems.add(e);
            return null;
        }
        FeatureDao dao = w.catalog.featureDaoFactory().apply(ComponentConfig.of(conf.path(), daoConf));
        if (dao == null) {
            return null;
        }
        return new SceneFallback(scene, conf.integer("Timeout", 0), conf.bool("CompleteItemsIfNeed", false), dao,
                conf.integer("CacheTime", 0), cacheSettings, w.stagePool(), w.metrics, Ticker.systemTicker());
    }

    /** Runs {@code pipeline} under the timeout; see the class comment. */
    PipelineAnswer answer(ScenePipeline pipeline, RecContext ctx, User user) {
        long start = System.nanoTime();
        CompletableFuture<List<Item>> own = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    own.complete(pipeline.run(ctx, user));
                } catch (Throwable t) {
                    own.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            // no thread to run the scene on: the cheap answer is what the fallback is for
            metrics.failure("fallback", "pool", scene, "rejected").increment();
            LOG.warn("fallback of scene {}: no thread for the pipeline, answering the fallback list (requestId={})",
                    scene, ctx.requestId());
            return new PipelineAnswer(recommend(ctx, user), own, true);
        }
        List<Item> items;
        try {
            items = own.get(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            List<Item> fallback = recommend(ctx, user);
            long cost = System.nanoTime() - start;
            logOffTheAnswer(() -> LOG.warn("requestId={}\tmodule=recommend\tevent=fallback\tcause=timeout\tscene={}\tcost={}",
                    ctx.requestId(), scene, TimeUnit.NANOSECONDS.toMillis(cost)));
            return new PipelineAnswer(fallback, own, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PipelineAnswer(recommend(ctx, user), own, true);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
        if (completeItemsIfNeed && items.size() < ctx.size()) {
            List<Item> completed = complete(items, recommend(ctx, user), ctx.size());
            long cost = System.nanoTime() - start;
            logOffTheAnswer(() -> LOG.info("requestId={}\tmodule=recommend\tevent=fallback\tcause=itemNotEnough\tscene={}\tcost={}",
                    ctx.requestId(), scene, TimeUnit.NANOSECONDS.toMillis(cost)));
            return new PipelineAnswer(completed, own, false);
        }
        return new PipelineAnswer(items, own, false);
    }

    /**
     * Writes a log line on a stage thread: the log is written synchronously (to stderr), and under load a
     * write there held the answer of a timed-out request for up to milliseconds (bench/fallback-load.sh);
     * on the caller when no stage thread is free.
     */
    private void logOffTheAnswer(Runnable line) {
        try {
            pool.execute(line);
        } catch (RejectedExecutionException e) {
            line.run();
        }
    }

    /** The fallback answer for this request; counted. */
    List<Item> recommend(RecContext ctx, User user) {
        total.increment();
        return combine(ctx.itemList(), list(ctx, user), ctx.size(), ThreadLocalRandom.current());
    }

    /** The list: from the cache, else read from the DAO (and cached when not empty). */
    private List<Entry> list(RecContext ctx, User user) {
        List<Entry> cached = cache.getIfPresent(CACHE_KEY);
        if (cached != null) {
            return cached;
        }
        Item row = new Item(LIST_KEY);
        try {
            dao.loadItemFeatures(ctx, user, List.of(row));
        } catch (RuntimeException e) {
            metrics.failure("fallback", "dao", scene, FailureText.label(e)).increment();
            LOG.warn("fallback list of scene {} could not be read (requestId={})", scene, ctx.requestId(), e);
            ctx.log("ERROR", "module=fallback\t" + FailureText.of("fallback list", e));
            return List.of();
        }
        List<Entry> read = parse(Values.text(row.property(LIST_FIELD)));
        if (!read.isEmpty()) {
            cache.put(CACHE_KEY, read);
        }
        return read;
    }

    /**
     * The {@code item_ids} text as entries, in first-seen order: {@code id}, {@code id:retrieve_id} or
     * {@code id:retrieve_id:score}, separated by commas; empty parts are skipped, a repeated id adds its
     * score to the first. An entry with more than three parts is skipped (PAI-Rec fails on it).
     */
    static List<Entry> parse(String itemIds) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        if (itemIds == null || itemIds.isEmpty()) {
            return List.of();
        }
        for (String part : itemIds.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] f = part.split(":", -1);
            if (f.length > 3) {
                LOG.warn("fallback list entry '{}' has more than id:retrieve_id:score; skipped", part);
                continue;
            }
            String retrieve = f.length > 1 && !f[1].isEmpty() ? f[1] : RETRIEVE_ID;
            double score = f.length == 3 ? Values.toDouble(f[2], 0) : 0;
            Entry seen = byId.get(f[0]);
            byId.put(f[0], seen == null ? new Entry(f[0], retrieve, score)
                    : new Entry(seen.id(), seen.retrieveId(), seen.score() + score));
        }
        return List.copyOf(byId.values());
    }

    /**
     * PAI-Rec's fallback answer from the request's {@code item_list} and the list; see the class comment.
     * Items are new objects (the cached list is never handed out).
     */
    static List<Item> combine(List<Map<String, Object>> itemList, List<Entry> list, int size, Random random) {
        Map<String, Item> context = new LinkedHashMap<>();
        for (Map<String, Object> m : itemList) {
            String id = Values.text(m.get("item_id"));
            if (id.isEmpty()) {
                continue;
            }
            double score = Values.toDouble(m.get("score"), 0);
            Item seen = context.get(id);
            if (seen != null) {
                seen.setScore(seen.score() + score);
                continue;
            }
            Item it = new Item(id, CONTEXT_RETRIEVE_ID, score);
            m.forEach((k, v) -> {
                if (!"item_id".equals(k) && !"score".equals(k)) {
                    it.setProperty(k, v);
                }
            });
            context.put(id, it);
        }
        Map<String, Entry> rest = new LinkedHashMap<>();
        for (Entry e : list) {
            rest.put(e.id(), e);
        }
        List<Item> first = new ArrayList<>();
        List<Item> second = new ArrayList<>();
        for (Item it : context.values()) {
            Entry e = rest.remove(it.id());
            if (e != null) {
                it.setScore(it.score() + e.score());
                first.add(it);
            } else {
                second.add(it);
            }
        }
        List<Item> third = new ArrayList<>(rest.size());
        for (Entry e : rest.values()) {
            third.add(new Item(e.id(), e.retrieveId(), e.score()));
        }
        first.sort(Comparator.comparingDouble(Item::score).reversed());
        Collections.shuffle(second, random);
        Collections.shuffle(third, random);
        List<Item> out = new ArrayList<>(first.size() + second.size() + third.size());
        out.addAll(first);
        out.addAll(second);
        out.addAll(third);
        return out.size() > size ? new ArrayList<>(out.subList(0, Math.max(0, size))) : out;
    }

    /**
     * An answer with fewer than {@code size} items completed from the fallback answer: items not already
     * there, in order, until {@code size}. A new list; {@code items} is left as it is.
     */
    static List<Item> complete(List<Item> items, List<Item> fallback, int size) {
        List<Item> out = new ArrayList<>(items);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Item it : items) {
            ids.add(it.id());
        }
        for (Item f : fallback) {
            if (out.size() >= size) {
                break;
            }
            if (ids.add(f.id())) {
                out.add(f);
            }
        }
        return out;
    }
}
