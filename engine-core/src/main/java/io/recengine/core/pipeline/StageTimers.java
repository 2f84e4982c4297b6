package io.recengine.core.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.recengine.core.metrics.EngineMetrics;

/**
 * PAI-Rec's per-stage meters of one (scene, exp_id): {@code pairec_rec_duration_seconds},
 * {@code pairec_filter_...}, {@code pairec_sort_...}, {@code pairec_rank_...}, {@code pairec_load_feature_...}
 * (stage user / item), {@code pairec_rec_total}, {@code pairec_size_not_enough_total}. Registered once per
 * pair and kept by the scene's pipeline, so a request looks its set up by exp_id, not meter by meter.
 */
final class StageTimers {

    /**
     * Experiments per scene that get meters of their own; past it (an experiment file with thousands of
     * ids) requests count under {@code exp_id=""}, so that a file cannot blow up the metrics' cardinality.
     */
    static final int MAX_EXPERIMENTS = 200;

    final Timer rec;
    final Timer filter;
    final Timer sort;
    final Timer rank;
    final Timer userFeature;
    final Timer itemFeature;
    final Counter recTotal;
    final Counter sizeNotEnough;

    StageTimers(EngineMetrics metrics, String scene, String expId) {
        this.rec = metrics.stageTimer("rec", "scene", scene, "exp_id", expId);
        this.filter = metrics.stageTimer("filter", "scene", scene, "exp_id", expId);
        this.sort = metrics.stageTimer("sort", "scene", scene, "exp_id", expId);
        this.rank = metrics.stageTimer("rank", "scene", scene, "exp_id", expId);
        this.userFeature = metrics.stageTimer("load.feature", "scene", scene, "exp_id", expId, "stage", "user");
        this.itemFeature = metrics.stageTimer("load.feature", "scene", scene, "exp_id", expId, "stage", "item");
        this.recTotal = metrics.recTotal(scene, expId);
        this.sizeNotEnough = metrics.sizeNotEnough(scene, expId);
    }
}
