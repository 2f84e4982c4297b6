package io.recengine.core.builtin;

import io.recengine.testkit.TestClock;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.RecallCache;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRecallCacheTest {

    private static RecallCache cache(TestClock clock, Map<String, ?> config) {
        return new LocalRecallCache.Factory().create(ComponentConfig.of("RecallConfs.r.CacheConfig", config),
                TestPluginContext.builder().clock(clock).build());
    }

    /**
     * PAI-Rec's {@code TestLocalCache} (persist/cache/localcache_test.go): with its config, a value put for 10 s
     * is read back, and is gone once the 10 s and one more have passed.
     */
    @Test
    void testLocalCache() {
        TestClock clock = new TestClock(Instant.ofEpochMilli(1_000_000));
        RecallCache cache = cache(clock, Map.of("defaultExpiration", 1800, "cleanupInterval", 1800));
        cache.put("foo", "var", Duration.ofSeconds(10));
        assertThat(cache.get("foo")).isEqualTo("var");

        cache.put("foo", "var", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThat(cache.get("foo")).isNull();
    }

    @Test
    void eachEntryKeepsItsOwnTimeAndAPutRenewsIt() {
        TestClock clock = new TestClock(Instant.ofEpochMilli(1_000_000));
        RecallCache cache = cache(clock, Map.of());
        cache.put("short", "s", Duration.ofSeconds(5));
        cache.put("long", "l", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(6));
        assertThat(cache.get("short")).isNull();
        assertThat(cache.get("long")).isEqualTo("l");
        cache.put("long", "l2", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(58));
        assertThat(cache.get("long")).isEqualTo("l2");
        assertThat(cache.inProcess()).isTrue();
    }

    @Test
    void maxSizeIsCheckedWithItsPlace() {
        assertThat(new LocalRecallCache.Factory().check(ComponentConfig.of("RecallConfs.r.CacheConfig",
                Map.of("MaxSize", 0)))).extracting(ConfigException::getMessage)
                .singleElement().asString().contains("MaxSize");
    }
}
