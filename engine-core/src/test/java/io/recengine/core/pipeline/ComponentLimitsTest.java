package io.recengine.core.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.concurrent.Bulkhead;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentLimitsTest {

    private final EngineMetrics metrics = new EngineMetrics(new SimpleMeterRegistry());

    @Test
    void theDefaultIsHalfThePoolOrAllOfItForASingleComponent() {
        assertThat(ComponentLimits.defaultLimit(32, 3)).isEqualTo(16);
        assertThat(ComponentLimits.defaultLimit(5, 2)).isEqualTo(3);
        assertThat(ComponentLimits.defaultLimit(1, 4)).isEqualTo(1);
        assertThat(ComponentLimits.defaultLimit(32, 1)).isEqualTo(32);
        assertThat(ComponentLimits.defaultLimit(0, 3)).as("pool of unknown size").isZero();
    }

    @Test
    void maxConcurrencyOverridesTheDefaultAndOneBulkheadServesEveryScene() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(8));
        try {
            ComponentLimits limits = ComponentLimits.shared("recall", pool, 3, metrics);
            Bulkhead configured = limits.bulkhead("a", ComponentConfig.of("RecallConfs[0]", Map.of("Name", "a", "MaxConcurrency", 3)));
            assertThat(configured.limit()).isEqualTo(3);
            assertThat(limits.bulkhead("b", ComponentConfig.of("RecallConfs[1]", Map.of("Name", "b"))).limit()).isEqualTo(4);
            assertThat(limits.bulkhead("a", null)).isSameAs(configured);
            assertThat(limits.get("a")).isSameAs(configured);
            assertThat(ComponentLimits.whole("rank", pool, metrics).bulkhead("m", null).limit()).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLimitBelowOneIsAConfigProblemNamingTheKey() {
        ComponentLimits limits = ComponentLimits.shared("recall", Runnable::run, 3, metrics);
        assertThatThrownBy(() -> limits.bulkhead("a", ComponentConfig.of("RecallConfs[0]", Map.of("Name", "a", "MaxConcurrency", 0))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RecallConfs[0]").hasMessageContaining("MaxConcurrency")
                .hasMessageContaining("at least 1");
        assertThat(limits.bulkhead("b", null)).as("no limit on a pool of unknown size").isNull();
    }
}
