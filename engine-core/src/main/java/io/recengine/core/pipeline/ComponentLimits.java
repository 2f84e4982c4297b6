package io.recengine.core.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.concurrent.Bulkhead;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The bulkheads of one kind of component on one of the engine's pools (recalls on the recall pool, rank
 * models or feature DAOs on the plugin pool): one {@link Bulkhead} per component, shared by every scene
 * that uses it, its limit the component's {@value #KEY} or the default below. Each bulkhead shows its
 * permits in use as {@code recengine_bulkhead_in_use{kind,component}}. Built once per generation.
 *
 * <p>Defaults. A healthy component needs about one thread per request using it at that moment (a rank
 * model: one per batch); a hanging one would take every thread. {@link #shared} gives a component half
 * the pool, or the whole pool when it is the pool's only component: one component that hangs then leaves
 * at least half the threads to the others, while a healthy one can still run for as many concurrent
 * requests as half the pool. A fair share ({@code pool / components}) would protect against several
 * components hanging at once, but would refuse healthy bursts of a busy component; set {@value #KEY}
 * where that is wanted. {@link #whole} (rank models) defaults to the whole pool: one model's batches
 * legitimately fill the pool, and a refused batch leaves items unscored, so a model is limited only
 * when its {@code AlgoConfs} entry says so.
 */
final class ComponentLimits {

    /** The component config key of the limit: pool threads the component may hold at once (at least 1). */
    static final String KEY = "MaxConcurrency";

    private final String kind;
    private final int defaultLimit;
    private final EngineMetrics metrics;
    private final Map<String, Bulkhead> byName = new ConcurrentHashMap<>();

    private ComponentLimits(String kind, int defaultLimit, EngineMetrics metrics) {
        this.kind = kind;
        this.defaultLimit = defaultLimit;
        this.metrics = metrics;
    }

    /**
     * Components sharing {@code pool} with others: default half the pool, the whole pool when
     * {@code components} is 1 or less.
     */
    static ComponentLimits shared(String kind, Executor pool, int components, EngineMetrics metrics) {
        return new ComponentLimits(kind, defaultLimit(threads(pool), components), metrics);
    }

    /** Components whose default is the whole pool (no limit unless configured). */
    static ComponentLimits whole(String kind, Executor pool, EngineMetrics metrics) {
        return new ComponentLimits(kind, threads(pool), metrics);
    }

    /** Half of {@code poolThreads} (at least 1), all of them for a single component; 0 (none) when unknown. */
    static int defaultLimit(int poolThreads, int components) {
        if (poolThreads <= 0 || components <= 1) {
            return poolThreads;
        }
        return Math.max(1, (poolThreads + 1) / 2);
    }

    /** The engine's pools are {@link ThreadPoolExecutor}s; 0 for an executor of unknown size (tests). */
    static int threads(Executor pool) {
        return pool instanceof ThreadPoolExecutor t ? t.getMaximumPoolSize() : 0;
    }

    /**
     * The bulkhead of component {@code name} (the first call builds it from {@code conf}); null when it has
     * no limit (no {@value #KEY} and a pool of unknown size).
     *
     * @throws ConfigException when {@value #KEY} is not an integer of at least 1
     */
    Bulkhead bulkhead(String name, ComponentConfig conf) {
        Bulkhead b = byName.get(name);
        if (b != null) {
            return b;
        }
        int limit = conf == null ? defaultLimit : conf.integer(KEY, defaultLimit);
        if (conf != null && conf.has(KEY) && limit < 1) {
            throw new ConfigException(conf.component(), KEY, "must be at least 1 (pool threads the component may "
                    + "hold at once), got " + limit + "; leave it out for the default (" + describeDefault() + ")");
        }
        if (limit < 1) {
            return null;
        }
        return byName.computeIfAbsent(name, n -> {
            Bulkhead created = Bulkhead.of(n, limit);
            Gauge.builder("recengine.bulkhead.in.use", created, Bulkhead::inUse)
                    .description("Pool threads a component holds now (its bulkhead's permits in use)")
                    .tags("kind", kind, "component", n).register(metrics.registry());
            return created;
        });
    }

    /** The bulkhead of a component by name, for stages that only know names; null when none was built. */
    Bulkhead get(String name) {
        return byName.get(name);
    }

    private String describeDefault() {
        return defaultLimit > 0 ? defaultLimit + " here" : "no limit here";
    }

    /** The built bulkheads, for tests. */
    List<Bulkhead> all() {
        return List.copyOf(byName.values());
    }
}
