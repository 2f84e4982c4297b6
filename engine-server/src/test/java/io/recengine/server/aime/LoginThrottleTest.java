package io.recengine.server.aime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.server.wire.WireResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrong-password limit on a fake clock: per client, per window, cleared by success, counted. */
class LoginThrottleTest {

    private static final WireResponse UNAUTHORIZED = new WireResponse(401, 401, new byte[0]);
    private static final WireResponse OK = new WireResponse(200, 200, new byte[0]);

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), false, meters, now::get);

    @Test
    void limitsAClientAfterTheMaximumOfFailuresInTheWindow() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.refusal("10.0.0.1", true)).isNull();
            throttle.record("10.0.0.1", UNAUTHORIZED);
        }
        WireResponse refused = throttle.refusal("10.0.0.1", true);
        assertThat(refused).isNotNull();
        assertThat(refused.httpStatus()).isEqualTo(429);
        assertThat(new ObjectMapper().readTree(refused.body()).path("errorCode").asInt()).isEqualTo(429);
        WireResponse write = throttle.refusal("10.0.0.1", false);
        assertThat(write.httpStatus()).isEqualTo(429);
        assertThat(new ObjectMapper().readTree(write.body()).path("errmsg").asText()).contains("too many failed logins");

        // another client is not affected
        assertThat(throttle.refusal("10.0.0.2", true)).isNull();
        assertThat(meters.counter("recengine.aime.auth", "outcome", "failed").count()).isEqualTo(3);
        assertThat(meters.counter("recengine.aime.auth", "outcome", "throttled").count()).isEqualTo(2);

        // the window ends 60 s after the first failure
        now.addAndGet(TimeUnit.SECONDS.toNanos(60) - 1);
        assertThat(throttle.refusal("10.0.0.1", true)).isNotNull();
        now.addAndGet(1);
        assertThat(throttle.refusal("10.0.0.1", true)).isNull();
    }

    @Test
    void anAcceptedPasswordClearsTheClientsFailures() {
        throttle.record("10.0.0.1", UNAUTHORIZED);
        throttle.record("10.0.0.1", UNAUTHORIZED);
        throttle.record("10.0.0.1", OK);
        throttle.record("10.0.0.1", UNAUTHORIZED);
        throttle.record("10.0.0.1", UNAUTHORIZED);
        assertThat(throttle.refusal("10.0.0.1", true)).isNull();
    }

    @Test
    void zeroTurnsTheLimitOff() {
        LoginThrottle off = new LoginThrottle(0, Duration.ofSeconds(60), false, meters, now::get);
        for (int i = 0; i < 100; i++) {
            off.record("10.0.0.1", UNAUTHORIZED);
        }
        assertThat(off.refusal("10.0.0.1", true)).isNull();
    }
}
