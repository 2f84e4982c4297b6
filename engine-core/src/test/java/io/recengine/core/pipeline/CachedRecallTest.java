package io.recengine.core.pipeline;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallCache;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedRecallTest {

    private final RecContext ctx = RecContext.builder("req").sceneId("home").itemId("i9").build();
    private final User user = new User("u1");
    private final List<String> counted = new ArrayList<>();
    private final PluginMetrics metrics = new PluginMetrics() {
        @Override
        public void increment(String name, String... tags) {
            counted.add(name + ":" + tags[tags.length - 1]);
        }

        @Override
        public void recordNanos(String name, long nanos, String... tags) {
        }
    };

    /** A map-backed cache that records the keys and times it was asked for; {@code broken} makes it throw. */
    private static class MapCache implements RecallCache {
        final Map<String, String> values = new HashMap<>();
        final Map<String, Duration> ttls = new HashMap<>();
        boolean broken;

        @Override
        public String get(String key) {
            if (broken) {
                throw new ComponentException("cache", ComponentException.Kind.DEPENDENCY, "down");
            }
            return values.get(key);
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            if (broken) {
                throw new ComponentException("cache", ComponentException.Kind.DEPENDENCY, "down");
            }
            values.put(key, value);
            ttls.put(key, ttl);
        }

        @Override
        public boolean inProcess() {
            return true;
        }
    }

    /** Answers fresh items each call and counts the calls. */
    private static final class CountingRecall implements Recall {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> ids;

        CountingRecall(String... ids) {
            this.ids = List.of(ids);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            calls.incrementAndGet();
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                out.add(new Item(ids.get(i), i == 0 ? "other_source" : "r", 1.5 + i));
            }
            return out;
        }
    }

    private static ComponentConfig conf(String type, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", "r");
        m.put("RecallType", type);
        m.put("CacheAdapter", "localCache");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ComponentConfig.of("RecallConfs.r", m);
    }

    private Recall cached(ComponentConfig c, Recall r, RecallCache cache) {
        return CachedRecall.of(c, r, cache, Runnable::run, metrics);
    }

    @Test
    void aMissRunsTheRecallAndStoresItsAnswerThenAHitSkipsTheRecall() {
        MapCache cache = new MapCache();
        CountingRecall inner = new CountingRecall("a", "b");
        Recall r = cached(conf("UserCustomRecall", "CachePrefix", "rc_", "CacheTime", 60), inner, cache);

        List<Item> first = r.recall(ctx, user);
        assertThat(cache.values).containsEntry("rc_u1", "a:other_source:1.5,b::2.5");
        assertThat(cache.ttls).containsEntry("rc_u1", Duration.ofSeconds(60));
        List<Item> second = r.recall(ctx, user);

        assertThat(inner.calls).hasValue(1);
        assertThat(second).extracting(Item::id).containsExactly("a", "b");
        assertThat(second).extracting(Item::retrieveId).containsExactly("other_source", "r");
        assertThat(second).extracting(Item::score).containsExactly(1.5, 2.5);
        assertThat(first).extracting(Item::id).containsExactly("a", "b");
        assertThat(counted).containsExactly("recall.cache:miss", "recall.cache:hit");
    }

    @Test
    void cacheTimeDefaultsToPaiRecs1800Seconds() {
        MapCache cache = new MapCache();
        cached(conf("UserCustomRecall"), new CountingRecall("a"), cache).recall(ctx, user);
        assertThat(cache.ttls).containsEntry("u1", Duration.ofSeconds(1800));
    }

    @Test
    void anEmptyAnswerIsNotStored() {
        MapCache cache = new MapCache();
        CountingRecall inner = new CountingRecall();
        Recall r = cached(conf("UserCustomRecall"), inner, cache);
        r.recall(ctx, user);
        r.recall(ctx, user);
        assertThat(cache.values).isEmpty();
        assertThat(inner.calls).hasValue(2);
    }

    @Test
    void aFailingCacheRunsTheRecallAndCountsTheErrors() {
        MapCache cache = new MapCache();
        cache.broken = true;
        CountingRecall inner = new CountingRecall("a");
        Recall r = cached(conf("UserCustomRecall"), inner, cache);
        assertThat(r.recall(ctx, user)).extracting(Item::id).containsExactly("a");
        assertThat(inner.calls).hasValue(1);
        assertThat(counted).containsExactly("recall.cache:error", "recall.cache:error");
    }

    @Test
    void aRejectedWriteIsCountedAndTheAnswerStillReturned() {
        MapCache cache = new MapCache() {
            @Override
            public boolean inProcess() {
                return false;
            }
        };
        Recall r = CachedRecall.of(conf("UserCustomRecall"), new CountingRecall("a"), cache, task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }, metrics);
        assertThat(r.recall(ctx, user)).extracting(Item::id).containsExactly("a");
        assertThat(counted).containsExactly("recall.cache:miss", "recall.cache:error");
        assertThat(r.inProcess()).isFalse();
    }

    /** PAI-Rec keys the global recalls by name (with hot_score on a hit) and ItemCF by the request's item_id. */
    @Test
    void keysFollowPaiRec() {
        MapCache cache = new MapCache();
        Recall hot = cached(conf("UserGlobalHotRecall", "CachePrefix", "ignored_"), new CountingRecall("h"), cache);
        hot.recall(ctx, user);
        assertThat(cache.values).containsOnlyKeys("r");
        assertThat(hot.recall(ctx, new User("u2")).get(0).algoScore("hot_score")).isEqualTo(1.5);

        MapCache itemCache = new MapCache();
        CountingRecall itemCf = new CountingRecall("x");
        Recall i2i = cached(conf("ItemCollaborativeFilterRecall", "CachePrefix", "p_"), itemCf, itemCache);
        i2i.recall(ctx, user);
        assertThat(itemCache.values).containsOnlyKeys("i9");
        // no item_id: nothing to key by, the recall runs uncached
        i2i.recall(RecContext.builder("req2").sceneId("home").build(), user);
        assertThat(itemCache.values).containsOnlyKeys("i9");
        assertThat(itemCf.calls).hasValue(2);
    }

    /** PAI-Rec's own entries read back: {@code id::score}, {@code id:score}, a bare id. */
    @Test
    void readsPaiRecsValueForms() {
        MapCache cache = new MapCache();
        cache.values.put("u1", "a::0.5,b:2,c,,:9,d::nan");
        CountingRecall inner = new CountingRecall("z");
        List<Item> items = cached(conf("UserCollaborativeFilterRecall"), inner, cache).recall(ctx, user);
        assertThat(items).extracting(Item::id).containsExactly("a", "b", "c", "d");
        assertThat(items).extracting(Item::score).containsExactly(0.5, 2.0, 0.0, 0.0);
        assertThat(items).extracting(Item::retrieveId).containsOnly("r");
        assertThat(inner.calls).hasValue(0);
    }

    @Test
    void onlyRecallTypesThatCacheInPaiRecAreWrapped() {
        assertThat(CachedRecall.wanted(conf("UserCustomRecall"))).isTrue();
        assertThat(CachedRecall.wanted(conf("MockRecall"))).isFalse();
        assertThat(CachedRecall.wanted(conf("ContextItemRecall"))).isFalse();
        assertThat(CachedRecall.wanted(conf("ItemCollaborativeFilterRecall", "EnableMultipleItemId", true))).isFalse();
        assertThat(CachedRecall.wanted(ComponentConfig.of("RecallConfs.r",
                Map.of("Name", "r", "RecallType", "UserCustomRecall")))).isFalse();
    }

    @Test
    void cacheConfigIsPaiRecsJsonStringOrAnObject() {
        ComponentConfig fromString = io.recengine.core.config.RecallCacheConfig.of(conf("UserCustomRecall",
                "CacheConfig", "{\"host\":\"127.0.0.1\", \"port\":6379, \"maxIdle\":3, \"password\":\"\"}"));
        assertThat(fromString.string("Host")).isEqualTo("127.0.0.1");
        assertThat(fromString.integer("Port", 0)).isEqualTo(6379);
        assertThat(fromString.path()).isEqualTo("RecallConfs.r.CacheConfig");
        ComponentConfig inPlace = io.recengine.core.config.RecallCacheConfig.of(conf("UserCustomRecall",
                "CacheConfig", Map.of("RedisName", "main")));
        assertThat(inPlace.string("RedisName")).isEqualTo("main");
        assertThat(io.recengine.core.config.RecallCacheConfig.of(conf("UserCustomRecall")).isEmpty()).isTrue();
    }

    @Test
    void aBrokenCacheConfigNamesThePlaceButNotItsText() {
        assertThatThrownBy(() -> io.recengine.core.config.RecallCacheConfig.of(conf("UserCustomRecall",
                "CacheConfig", "{\"host\":\"h\", \"password\":\"s3cret-pw\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CacheConfig")
                .hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> io.recengine.core.config.RecallCacheConfig.of(conf("UserCustomRecall", "CacheConfig", "[1]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JSON object");
    }
}
