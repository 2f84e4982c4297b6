package io.recengine.server.aime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.server.wire.WireResponse;
import io.recengine.spi.match.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits wrong Basic-auth passwords on {@code /be} and {@code /sendmsg} per client address: after
 * {@code maxFailures} answers 401 within {@code window} (counted from the first), the client gets 429 at
 * once, without its password being checked, until the window ends. Other clients, including ones sending
 * a correct password for the same user, are not affected (a per-user limit would let anyone lock a user
 * out). An accepted password clears the client's failures. At most {@link #MAX_TRACKED} clients are
 * tracked; past that, expired entries are dropped and new clients are not limited until there is room.
 *
 * <p>Counted as {@code recengine.aime.auth{outcome=failed|throttled}}. Thread-safe.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** The most client addresses remembered at once. */
    static final int MAX_TRACKED = 10_000;

    /** Failures of one client in its current window. */
    private record Failures(long windowStartNanos, int count) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final boolean snake;
    private final ConcurrentHashMap<String, Failures> byClient = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Counter throttled;

    /**
     * @param maxFailures wrong passwords allowed per client and window; 0 or less turns the limit off
     * @param snake       whether {@code /be} replies are snake_case ({@code MatchEngineConf})
     */
    public LoginThrottle(int maxFailures, Duration window, boolean snake, MeterRegistry registry) {
        this(maxFailures, window, snake, registry, System::nanoTime);
    }

    LoginThrottle(int maxFailures, Duration window, boolean snake, MeterRegistry registry, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = Math.max(1, window.toNanos());
        this.snake = snake;
        this.nanoClock = nanoClock;
        this.failed = registry.counter("recengine.aime.auth", "outcome", "failed");
        this.throttled = registry.counter("recengine.aime.auth", "outcome", "throttled");
    }

    /**
     * The 429 answer when {@code client} is over the limit (counted), else null: go on and check the
     * password. {@code read} picks the reply format: {@code /be}'s read reply or {@code /sendmsg}'s.
     */
    public WireResponse refusal(String client, boolean read) {
        if (maxFailures <= 0) {
            return null;
        }
        Failures f = byClient.get(client);
        if (f == null || f.count() < maxFailures || expired(f, nanoClock.getAsLong())) {
            return null;
        }
        throttled.increment();
        String msg = "too many failed logins from this address, retry later";
        return new WireResponse(429, 429, read ? AimeReplies.read(MatchResult.error(429, msg), snake)
                : AimeReplies.writeError(msg));
    }

    /** Records what {@code client} was answered: a 401 is a failure, anything else clears its failures. */
    public void record(String client, WireResponse answer) {
        if (maxFailures <= 0) {
            return;
        }
        if (answer.httpStatus() != 401) {
            if (!byClient.isEmpty()) {
                byClient.remove(client);
            }
            return;
        }
        failed.increment();
        long now = nanoClock.getAsLong();
        if (!byClient.containsKey(client) && byClient.size() >= MAX_TRACKED) {
            byClient.values().removeIf(f -> expired(f, now));
            if (byClient.size() >= MAX_TRACKED) {
                LOG.warn("login throttle: {} client addresses tracked, {} not limited", MAX_TRACKED, client);
                return;
            }
        }
        byClient.compute(client, (k, f) -> f == null || expired(f, now)
                ? new Failures(now, 1) : new Failures(f.windowStartNanos(), f.count() + 1));
    }

    private boolean expired(Failures f, long now) {
        return now - f.windowStartNanos() >= windowNanos;
    }
}
