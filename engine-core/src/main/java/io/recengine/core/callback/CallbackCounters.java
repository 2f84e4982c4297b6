package io.recengine.core.callback;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The callback's row counters ({@code recengine.callback.rows{scene,sink,outcome}}) as function counters
 * over adders of their own, one set per registry. Why not plain counters: the server starts the engine on a
 * composite registry and adds Prometheus to it only once Micronaut is up, and a composite counter drops
 * what is counted before a registry joins it. Start-up replay (spill and journal) happens exactly then; a
 * function counter reads its adder whenever a registry joins, so those rows are counted. Thread-safe.
 */
final class CallbackCounters {

    private static final Map<MeterRegistry, CallbackCounters> BY_REGISTRY =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final WeakReference<MeterRegistry> registry;
    private final Map<List<String>, LongAdder> rows = new ConcurrentHashMap<>();

    private CallbackCounters(MeterRegistry registry) {
        this.registry = new WeakReference<>(registry);
    }

    /** The counters of {@code registry} (shared by the service and every sink channel on it). */
    static CallbackCounters of(MeterRegistry registry) {
        return BY_REGISTRY.computeIfAbsent(registry, CallbackCounters::new);
    }

    /** Adds {@code n} rows to {@code recengine.callback.rows{scene,sink,outcome}}. */
    void rows(String scene, String sink, String outcome, long n) {
        rows.computeIfAbsent(List.of(scene, sink, outcome), k -> {
            LongAdder a = new LongAdder();
            MeterRegistry r = registry.get();
            if (r != null) {
                FunctionCounter.builder("recengine.callback.rows", a, LongAdder::doubleValue)
                        .description("Callback rows by outcome: written, spilled, replayed, failed (lost)")
                        .tags("scene", scene, "sink", sink, "outcome", outcome).register(r);
            }
            return a;
        }).add(n);
    }
}
