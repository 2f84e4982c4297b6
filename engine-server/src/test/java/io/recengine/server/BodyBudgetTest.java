package io.recengine.server;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyBudgetTest {

    @Test
    void admitsBodiesWhileTheyFitAndRefusesAtOnceBeyond() {
        BodyBudget budget = new BodyBudget(10 * 1024);
        BodyBudget.Lease a = budget.tryAcquire(6 * 1024);
        assertThat(a).isNotNull();
        assertThat(budget.inFlightBytes()).isEqualTo(6 * 1024);
        assertThat(budget.tryAcquire(5 * 1024)).as("6 + 5 KiB > 10 KiB").isNull();
        BodyBudget.Lease b = budget.tryAcquire(4 * 1024);
        assertThat(b).isNotNull();
        a.close();
        a.close(); // idempotent: released once
        assertThat(budget.inFlightBytes()).isEqualTo(4 * 1024);
        BodyBudget.Lease c = budget.tryAcquire(6 * 1024);
        assertThat(c).isNotNull();
        b.close();
        c.close();
        assertThat(budget.inFlightBytes()).isZero();
    }

    @Test
    void aBodyLargerThanTheCapacityIsAdmittedAlone() {
        BodyBudget budget = new BodyBudget(1024);
        BodyBudget.Lease big = budget.tryAcquire(1_000_000);
        assertThat(big).isNotNull();
        assertThat(budget.tryAcquire(1)).isNull();
        big.close();
        assertThat(budget.tryAcquire(1)).isNotNull();
    }

    @Test
    void emptyBodiesCostNothing() {
        BodyBudget budget = new BodyBudget(1);
        try (BodyBudget.Lease all = budget.tryAcquire(1)) {
            assertThat(all).isNotNull();
            assertThat(budget.tryAcquire(0)).isNotNull();
        }
    }

    @Test
    void capacityMustBePositiveAndDefaultsToAShareOfTheHeap() {
        assertThatThrownBy(() -> new BodyBudget(0)).isInstanceOf(IllegalArgumentException.class);
        long mib = 1024 * 1024;
        assertThat(RequestLimits.defaultInFlight(512 * mib)).isEqualTo(256 * mib);
        // a small body is charged per byte, a large one at most what the token limit lets its tree become
        assertThat(RequestLimits.treeHeap(1000, 1_000_000)).isEqualTo(1000L * RequestLimits.HEAP_PER_BODY_BYTE);
        assertThat(RequestLimits.treeHeap(16 * mib, 1_000_000)).isEqualTo(1_000_000L * RequestLimits.HEAP_PER_TOKEN);
    }

    @Test
    void limitKeysAreCheckedBeforeTheServerStarts() {
        assertThat(RequestLimits.check(ComponentConfig.empty("EngineConf"))).isEmpty();
        assertThat(RequestLimits.check(ComponentConfig.of("EngineConf",
                Map.of("MaxInFlightHeapBytes", 1_000_000, "MaxJsonTokens", 5)))).isEmpty();
        List<ConfigException> problems = RequestLimits.check(ComponentConfig.of("EngineConf",
                Map.of("MaxInFlightHeapBytes", 0, "MaxJsonDepth", "x")));
        assertThat(problems).extracting(ConfigException::key).containsExactly("MaxJsonDepth", "MaxInFlightHeapBytes");
    }
}
