package io.recengine.core.pipeline;

import io.recengine.core.config.CategoryConfig;
import io.recengine.core.debuglog.DebugLogConfig;
import io.recengine.core.debuglog.SceneDebugLog;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages PAI-Rec adds around a scene's fixed order, each built from its own section and each
 * optional: the coarse rank ({@code GeneralRankConfs}, {@code ColdStartGeneralRankConfs}), the cold-start
 * rank ({@code ColdStartRankConfs}), the mini-pipelines ({@code PipelineConfs}) and the fallback
 * ({@code FallbackConfig}) and the debug log ({@code DebugConfs}). {@link ScenePipeline} calls them at their places; {@link #NONE} for a scene
 * without any. Immutable.
 */
final class SceneStages {

    static final SceneStages NONE = new SceneStages(null, null, SubPipelines.NONE, null, null, SceneDebugLog.UNCONFIGURED);

    private final GeneralRankStage generalRank;
    private final ColdStartRank coldStartRank;
    private final SubPipelines pipelines;
    private final SceneFallback fallback;
    private final EngineMetrics metrics;
    private final SceneDebugLog debugLog;

    private SceneStages(GeneralRankStage generalRank, ColdStartRank coldStartRank, SubPipelines pipelines,
                        SceneFallback fallback, EngineMetrics metrics, SceneDebugLog debugLog) {
        this.debugLog = debugLog;
        this.generalRank = generalRank;
        this.coldStartRank = coldStartRank;
        this.pipelines = pipelines;
        this.fallback = fallback;
        this.metrics = metrics;
    }

    /** The scene's stages from their sections; parts that do not build are reported in {@code w.problems}. */
    static SceneStages build(String scene, Map<String, CategoryConfig> categories, StageWiring w) {
        ComponentConfig root = w.config.root();
        GeneralRankStage general = null;
        Map<String, ComponentConfig> generalConfs = sceneMap(root, "GeneralRankConfs");
        if (generalConfs.containsKey(scene)) {
            GeneralRank main = GeneralRank.build("GeneralRankConfs." + scene, scene, generalConfs.get(scene), w);
            ComponentConfig cold = sceneMap(root, "ColdStartGeneralRankConfs").get(scene);
            general = new GeneralRankStage(scene, main,
                    cold == null ? null : GeneralRank.build("ColdStartGeneralRankConfs." + scene, scene, cold, w),
                    cold == null ? Set.of() : Set.copyOf(cold.stringList("RecallNames")), w.metrics);
        }
        ColdStartRank coldStart = ColdStartRank.build(scene, sceneMap(root, "ColdStartRankConfs").get(scene), w);
        SubPipelines pipelines = SubPipelines.NONE;
        if (root.raw("PipelineConfs") instanceof Map<?, ?> all && all.get(scene) instanceof List<?> list && !list.isEmpty()) {
            List<ComponentConfig> confs = ComponentConfig.of("PipelineConfs", Map.of(scene, list)).children(scene);
            List<SubPipeline> subs = new ArrayList<>();
            for (int i = 0; i < confs.size(); i++) {
                subs.add(SubPipeline.build("PipelineConfs." + scene + "[" + i + "]", scene, confs.get(i), w));
            }
            pipelines = new SubPipelines(scene, subs, w.stagePool(), w.metrics);
        }
        SceneFallback fallback = null;
        CategoryConfig def = categories.get("default");
        if (def != null && def.config().has("FallbackConfig") && def.config().raw("FallbackConfig") instanceof Map<?, ?> m
                && !m.isEmpty()) {
            fallback = SceneFallback.build(scene, def.config().child("FallbackConfig"), w);
        }
        SceneDebugLog debugLog = SceneDebugLog.UNCONFIGURED;
        Map<String, ComponentConfig> debugConfs = sceneMap(root, "DebugConfs");
        if (debugConfs.containsKey(scene)) {
            try {
                debugLog = SceneDebugLog.of(DebugLogConfig.of("DebugConfs." + scene, debugConfs.get(scene).asMap()));
            } catch (ConfigException e) {
                w.problems.add(e);
            }
        }
        if (general == null && coldStart == null && pipelines.isEmpty() && fallback == null && !debugLog.isConfigured()) {
            return NONE;
        }
        return new SceneStages(general, coldStart, pipelines, fallback, w.metrics, debugLog);
    }

    /**
     * These stages with the parts an experiment replaces ({@code generalRankConf},
     * {@code coldStartGeneralRankConf}, {@code coldStartRankConf}, {@code pipelines.<name>.*}); the
     * fallback stays the scene's.
     */
    SceneStages with(GeneralRankStage generalRank, ColdStartRank coldStartRank, SubPipelines pipelines) {
        return new SceneStages(generalRank, coldStartRank, pipelines, fallback, metrics, debugLog);
    }

    /** The scene's debug log ({@code DebugConfs}, or the request's {@code debugConfig} parameter). */
    SceneDebugLog debugLog() {
        return debugLog;
    }

    /** Null when the scene has no coarse rank. */
    GeneralRankStage generalRankStage() {
        return generalRank;
    }

    /** Null when the scene has no {@code ColdStartRankConfs} entry. */
    ColdStartRank coldStartRank() {
        return coldStartRank;
    }

    SubPipelines pipelines() {
        return pipelines;
    }

    private static Map<String, ComponentConfig> sceneMap(ComponentConfig root, String section) {
        return root.raw(section) instanceof Map<?, ?> ? root.childMap(section) : Map.of();
    }

    /**
     * Starts the mini-pipelines (after the user features); null when there are none. Each records its
     * steps in a part of {@code trace} (null for none).
     */
    SubPipelines.Running startPipelines(RecContext ctx, User user, RequestTrace trace) {
        return pipelines.start(ctx, user, trace);
    }

    /** The coarse rank after the filters, recorded in {@code trace} (null for none); {@code items} without one. */
    List<Item> generalRank(RecContext ctx, User user, List<Item> items, RequestTrace trace) {
        return generalRank == null ? items : generalRank.rank(ctx, user, items, trace);
    }

    /**
     * The scene's rank, with the cold-start rank's recall kept apart when there is one (recorded in
     * {@code trace}, null for none, as run beside the rank stage).
     */
    void rank(RankStage rank, RecContext ctx, User user, List<Item> items, RequestTrace trace) {
        ColdStartRank.rankScene(rank, coldStartRank, ctx, user, items, metrics, trace);
    }

    /**
     * The scene's ranked items with the mini-pipelines' merged in ({@code running} null: as they are),
     * recorded in {@code trace} (null for none).
     */
    List<Item> mergePipelines(List<Item> items, SubPipelines.Running running, RequestTrace trace) {
        if (running == null) {
            return items;
        }
        List<Item> before = trace == null ? null : new ArrayList<>(items);
        List<Item> merged = SubPipelines.merge(items, running.await());
        if (trace != null) trace.pipelines(before, merged, running.parts());
        return merged;
    }

    /** Null when the scene has no {@code FallbackConfig}. */
    SceneFallback fallback() {
        return fallback;
    }
}
