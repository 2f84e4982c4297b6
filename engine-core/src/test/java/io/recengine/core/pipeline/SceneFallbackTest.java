package io.recengine.core.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fallback list's cache ({@code service/fallback/feature_store_fallback.go} with PAI-Rec's
 * {@code persist/cache/localcache.go}) on a fake ticker: kept {@code CacheTime} seconds after a read that
 * found items, read again after; and {@code CacheConfig} read as PAI-Rec reads it.
 */
class SceneFallbackTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String listText = "f1,f2:hot:2";
    private final RecContext ctx = RecContext.builder("r1").sceneId("home").size(10).build();
    private final User user = new User("u1");

    private final FeatureDao dao = new FeatureDao() {
        @Override
        public void loadItemFeatures(RecContext c, User u, List<Item> items) {
            reads.incrementAndGet();
            items.forEach(i -> i.setProperty(SceneFallback.LIST_FIELD, listText));
        }
    };

    private SceneFallback fallback(int cacheTime, SceneFallback.CacheSettings settings) {
        return new SceneFallback("home", 100, false, dao, cacheTime, settings, Runnable::run,
                new EngineMetrics(new SimpleMeterRegistry()), now::get);
    }

    private void advanceSeconds(long s) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    /**
     * {@code persist/cache/localcache_test.go} {@code TestLocalCache}: a value stored for 10 s is there at
     * once and gone 11 s later (the Go test sleeps; here the ticker moves).
     */
    @Test
    void localcache_go_TestLocalCache() {
        SceneFallback f = fallback(10, SceneFallback.CacheSettings.DEFAULT);
        assertThat(StagesTestPlugin.ids(f.recommend(ctx, user))).containsExactlyInAnyOrder("f1", "f2");
        assertThat(StagesTestPlugin.ids(f.recommend(ctx, user))).containsExactlyInAnyOrder("f1", "f2");
        assertThat(reads.get()).as("the second answer comes from the cache").isEqualTo(1);
        advanceSeconds(11);
        listText = "f3";
        assertThat(StagesTestPlugin.ids(f.recommend(ctx, user))).containsExactly("f3");
        assertThat(reads.get()).isEqualTo(2);
    }

    /**
     * {@code feature_store_fallback.go}: every put carries {@code CacheTime} (7200 s when not set), so
     * {@code CacheConfig}'s {@code defaultExpiration} does not shorten it.
     */
    @Test
    void featureStoreFallback_go_cacheTimeDecidesNotDefaultExpiration() {
        SceneFallback f = fallback(0, new SceneFallback.CacheSettings(1, 1));
        f.recommend(ctx, user);
        advanceSeconds(7_199);
        f.recommend(ctx, user);
        assertThat(reads.get()).isEqualTo(1);
        advanceSeconds(2);
        f.recommend(ctx, user);
        assertThat(reads.get()).isEqualTo(2);
    }

    /** {@code feature_store_fallback.go}: only a read that found items is cached. */
    @Test
    void featureStoreFallback_go_anEmptyListIsReadAgain() {
        listText = "";
        SceneFallback f = fallback(600, SceneFallback.CacheSettings.DEFAULT);
        assertThat(f.recommend(ctx, user)).isEmpty();
        listText = "f1";
        assertThat(StagesTestPlugin.ids(f.recommend(ctx, user))).containsExactly("f1");
        f.recommend(ctx, user);
        assertThat(reads.get()).isEqualTo(2);
    }

    /** {@code feature_store_fallback.go} {@code NewFeatureStoreFallback}, {@code localcache.go} {@code StartAndGC}. */
    @Test
    void featureStoreFallback_go_cacheConfigReadAsPaiRecReadsIt() {
        assertThat(read(Map.of())).isEqualTo(SceneFallback.CacheSettings.DEFAULT);
        assertThat(read(Map.of("CacheConfig", ""))).isEqualTo(SceneFallback.CacheSettings.DEFAULT);
        assertThat(read(Map.of("CacheConfig", "{\"defaultExpiration\":60, \"cleanupInterval\":0}")))
                .isEqualTo(new SceneFallback.CacheSettings(60, 0));
        // Go matches field names without case, ignores unknown keys and leaves absent ones at zero
        assertThat(read(Map.of("CacheConfig", "{\"DefaultExpiration\":5, \"other\":1}")))
                .isEqualTo(new SceneFallback.CacheSettings(5, 0));
        assertThat(read(Map.of("CacheConfig", Map.of("cleanupInterval", 30))))
                .isEqualTo(new SceneFallback.CacheSettings(0, 30));
        assertThatThrownBy(() -> read(Map.of("CacheConfig", "{\"defaultExpiration\":")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FallbackConfig, key CacheConfig: is not valid JSON");
        assertThatThrownBy(() -> read(Map.of("CacheConfig", "{\"cleanupInterval\":\"1800\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cleanupInterval");
        assertThatThrownBy(() -> read(Map.of("CacheConfig", "{\"cleanupInterval\":1.5}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cleanupInterval");
    }

    private static SceneFallback.CacheSettings read(Map<String, Object> conf) {
        return SceneFallback.CacheSettings.read(ComponentConfig.of("SceneConfs.home.default.FallbackConfig", conf));
    }
}
