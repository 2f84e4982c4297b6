package io.recengine.core.callback;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackCountersTest {

    /**
     * The server adds Prometheus to the engine's composite registry only after the engine started; rows
     * counted before that (start-up replay) still show.
     */
    @Test
    void rowsCountedBeforeARegistryJoinsAreNotLost() {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        CallbackCounters.of(composite).rows("home", "file:cb", "replayed", 7);
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        composite.add(late);
        CallbackCounters.of(composite).rows("home", "file:cb", "replayed", 3);
        FunctionCounter c = late.find("recengine.callback.rows").tag("outcome", "replayed").functionCounter();
        assertThat(c).isNotNull();
        assertThat(c.count()).isEqualTo(10);
    }
}
