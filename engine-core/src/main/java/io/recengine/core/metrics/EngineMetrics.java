package io.recengine.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The engine's meters. PAI-Rec's metric names ({@code service/metrics/metrics.go}, subsystem
 * {@code pairec}) are kept so existing dashboards work: in Prometheus form {@code pairec_rec_total},
 * {@code pairec_size_not_enough_total}, {@code pairec_recall_count}, {@code pairec_rec_duration_seconds},
 * {@code pairec_recall_duration_seconds}, {@code pairec_filter_duration_seconds},
 * {@code pairec_load_feature_duration_seconds}, {@code pairec_rank_duration_seconds},
 * {@code pairec_sort_duration_seconds}, {@code pairec_general_rank_duration_seconds}, labelled {@code scene} and {@code exp_id} (plus {@code recall},
 * {@code stage}); {@code pairec_fallback_total{scene}}. Our own additions are under {@code recengine_}: component failures by
 * {@code outcome} ({@code error}, {@code timeout}, {@code rejected}).
 *
 * <p>Meters are looked up per call through the registry's cache; callers keep the returned meters
 * when the tags are fixed. Thread-safe.
 */
public final class EngineMetrics {

    /** PAI-Rec's buckets: 5 ms .. 800 ms. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)};

    private final MeterRegistry registry;

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code pairec_<name>_duration_seconds}, e.g. stage {@code rec}, {@code recall}, {@code filter}. */
    public Timer stageTimer(String stage, String... tags) {
        return Timer.builder("pairec." + stage + ".duration")
                .description("PAI-Rec " + stage + " duration")
                .serviceLevelObjectives(BUCKETS)
                .tags(tags)
                .register(registry);
    }

    /** {@code pairec_rec_total}. */
    public Counter recTotal(String scene) {
        return recTotal(scene, "");
    }

    /** {@code pairec_rec_total} of one experiment ({@code expId} {@code ""}: none). */
    public Counter recTotal(String scene, String expId) {
        return registry.counter("pairec.rec", "scene", scene, "exp_id", expId);
    }

    /** {@code pairec_size_not_enough_total}. */
    public Counter sizeNotEnough(String scene) {
        return sizeNotEnough(scene, "");
    }

    /** {@code pairec_size_not_enough_total} of one experiment ({@code expId} {@code ""}: none). */
    public Counter sizeNotEnough(String scene, String expId) {
        return registry.counter("pairec.size.not.enough", "scene", scene, "exp_id", expId);
    }

    /** {@code pairec_fallback_total{scene}}: fallback answers built (a timeout, or an answer completed). */
    public Counter fallbackTotal(String scene) {
        return registry.counter("pairec.fallback", "scene", scene);
    }

    /** {@code pairec_recall_count{scene,recall}}: items per recall call. */
    public DistributionSummary recallCount(String scene, String recall) {
        return DistributionSummary.builder("pairec.recall.count").tags("scene", scene, "recall", recall)
                .register(registry);
    }

    /** {@code recengine_component_failures_total{kind,component,scene,outcome}}. */
    public Counter failure(String kind, String component, String scene, String outcome) {
        return registry.counter("recengine.component.failures", "kind", kind, "component", component,
                "scene", scene, "outcome", outcome);
    }

    /**
     * {@code recengine_config_loads_total{outcome}}: config generations built, one at start (a reload, when
     * there is one, adds one), so a dashboard shows when the running config changed.
     */
    public Counter configLoads(String outcome) {
        return Counter.builder("recengine.config.loads").description("Config generations built (start and reloads)")
                .tag("outcome", outcome).register(registry);
    }

    /** {@code recengine_requests_total{api,code}}: answers by body code. */
    public Counter answers(String api, int code) {
        return registry.counter("recengine.requests", "api", api, "code", Integer.toString(code));
    }
}
