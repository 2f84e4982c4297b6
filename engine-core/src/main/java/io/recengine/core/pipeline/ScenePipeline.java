package io.recengine.core.pipeline;

import io.recengine.core.debuglog.DebugRecords.Module;
import io.recengine.core.debuglog.SceneDebugLog;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.Filter;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One scene's fixed stage order: user features, recalls (parallel, merged in {@code RecallNames}
 * order), filters, coarse rank, item features, rank, the mini-pipelines' items merged in, sorts,
 * truncation to {@code size} (the optional stages: {@link SceneStages}). Immutable; built once per
 * config generation. A failing component degrades its stage only; the engine's log gets the cause, the
 * debug log {@link FailureText}'s neutral words (component and outcome, no exception text).
 */
public final class ScenePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ScenePipeline.class);

    /** Item property holding the position before sorting (1-based), shown as {@code origin_position} in debug. */
    public static final String ORIGIN_POSITION = "_ORIGIN_POSITION_";
    /** Item property holding the final position (1-based), shown as {@code new_position} in debug. */
    public static final String NEW_POSITION = "_NEW_POSITION_";

    private final String scene;
    private final Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory;
    private final List<ComponentCatalog.Named<Filter>> filters;
    private final Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory;
    private final List<ComponentCatalog.Named<Sort>> defaultSorts;
    private final RecallRunner recallRunner;
    private final EngineMetrics metrics;
    /** The meters of requests without an experiment; others get theirs from {@link #timers}. */
    private final StageTimers noExperiment;
    private final ConcurrentHashMap<String, StageTimers> byExperiment = new ConcurrentHashMap<>();
    /** The configured stages, the starting point of every request's {@link RequestPlan}. */
    private final RequestPlan.Configured configured;
    /** The variants experiment parameters ask for; shared by the generation's scenes. */
    private final ExperimentStages experimentStages;
    private final Map<String, List<String>> outputFields;
    /** The filters with after-response work ({@link Filter#hasAfterResponse()}), in filter order. */
    private final List<ComponentCatalog.Named<Filter>> afterResponseFilters;
    /** Coarse rank, cold-start rank, mini-pipelines, fallback: {@link SceneStages#NONE} when the scene has none. */
    private final SceneStages stages;

    ScenePipeline(String scene, Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory,
                  List<ComponentCatalog.Named<Filter>> filters,
                  Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory,
                  List<ComponentCatalog.Named<Sort>> defaultSorts, FeatureStage userFeatures,
                  FeatureStage itemFeatures, RankStage rank, RecallRunner recallRunner, EngineMetrics metrics,
                  Map<String, List<String>> outputFields, ExperimentStages experimentStages) {
        this(scene, recallsByCategory, filters, sortsByCategory, defaultSorts, userFeatures, itemFeatures, rank,
                recallRunner, metrics, outputFields, experimentStages, SceneStages.NONE);
    }

    ScenePipeline(String scene, Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory,
                  List<ComponentCatalog.Named<Filter>> filters,
                  Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory,
                  List<ComponentCatalog.Named<Sort>> defaultSorts, FeatureStage userFeatures,
                  FeatureStage itemFeatures, RankStage rank, RecallRunner recallRunner, EngineMetrics metrics,
                  Map<String, List<String>> outputFields, ExperimentStages experimentStages,
                  SceneStages stages) {
        this.scene = scene;
        this.stages = stages;
        this.recallsByCategory = Map.copyOf(recallsByCategory);
        this.filters = List.copyOf(filters);
        this.sortsByCategory = Map.copyOf(sortsByCategory);
        this.defaultSorts = List.copyOf(defaultSorts);
        this.recallRunner = recallRunner;
        this.metrics = metrics;
        this.noExperiment = new StageTimers(metrics, scene, "");
        this.configured = new RequestPlan.Configured(scene, this.recallsByCategory, this.filters, this.sortsByCategory,
                this.defaultSorts, userFeatures, itemFeatures, rank, stages);
        this.experimentStages = experimentStages;
        this.outputFields = Map.copyOf(outputFields);
        this.afterResponseFilters = this.filters.stream().filter(f -> f.component().hasAfterResponse()).toList();
    }

    /** True when some filter does after-response work (so requests of other scenes schedule none). */
    public boolean hasAfterResponse() {
        return !afterResponseFilters.isEmpty();
    }

    /** {@code OutputFields} of the category ({@code items[].extra}); empty when none. */
    public List<String> outputFields(String category) {
        return outputFields.getOrDefault(category, List.of());
    }

    public String scene() {
        return scene;
    }

    /** What {@code ctx} runs: the configured stages with its experiment parameters applied. */
    public RequestPlan plan(RecContext ctx) {
        return RequestPlan.resolve(ctx, configured, experimentStages);
    }

    /**
     * The PAI-Rec stage meters of {@code ctx}'s experiment: one set per (scene, exp_id), made on the
     * experiment's first request (the ids are those of the experiment file, a bounded set).
     */
    StageTimers timers(RecContext ctx) {
        String expId = ctx.experimentId();
        if (expId.isEmpty()) {
            return noExperiment;
        }
        StageTimers t = byExperiment.get(expId);
        if (t == null) {
            if (byExperiment.size() >= StageTimers.MAX_EXPERIMENTS) {
                return noExperiment;
            }
            t = byExperiment.computeIfAbsent(expId, id -> new StageTimers(metrics, scene, id));
        }
        return t;
    }

    /** Stage 1: user features ({@code UserFeatureConfs}, or the scenes experiment parameters name). */
    void loadUserFeatures(RecContext ctx, User user, RequestPlan plan, StageTimers timers) {
        for (FeatureStage stage : plan.userFeatures()) {
            if (stage != null && !stage.isEmpty()) {
                long t0 = System.nanoTime();
                stage.loadUser(ctx, user);
                timers.userFeature.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stage 2: recalls of the request's category, merged in order. */
    List<Item> recall(RecContext ctx, User user, RequestPlan plan, RequestTrace trace) {
        List<ComponentCatalog.NamedRecall> recalls = recallsFor(ctx, plan);
        return recallRunner.run(ctx, user, recalls, null, trace);
    }

    /** The candidates of {@link #recallOnly}: the merged items and every recall that failed. */
    public record Recalled(List<Item> items, List<RecallFailure> errors) {
    }

    /**
     * {@code /api/recall}: user features and recalls only, truncated to {@code size}, with the failed recalls
     * in {@code RecallNames} order.
     */
    public Recalled recallOnly(RecContext ctx, User user) {
        RequestPlan plan = plan(ctx);
        loadUserFeatures(ctx, user, plan, timers(ctx));
        List<RecallFailure> errors = new ArrayList<>();
        List<Item> items = recallRunner.run(ctx, user, recallsFor(ctx, plan), errors);
        return new Recalled(items.size() > ctx.size() ? new ArrayList<>(items.subList(0, ctx.size())) : items,
                List.copyOf(errors));
    }

    /**
     * The scene's answer: {@link #run(RecContext, User)}, under the scene's {@code FallbackConfig} when it
     * has one (the run then takes a pool thread and this one waits at most its {@code Timeout}).
     */
    public PipelineAnswer answer(RecContext ctx, User user) {
        SceneFallback fallback = stages.fallback();
        return fallback == null ? PipelineAnswer.of(run(ctx, user)) : fallback.answer(this, ctx, user);
    }

    /** Runs stages 1-6 and returns the final list, truncated to {@code size}. */
    public List<Item> run(RecContext ctx, User user) {
        return run(ctx, user, null);
    }

    /** {@link #run(RecContext, User)}, recording every stage in {@code trace} (the diagnostic page); null for none. */
    public List<Item> run(RecContext ctx, User user, RequestTrace trace) {
        long t0 = System.nanoTime();
        RequestPlan plan = plan(ctx);
        StageTimers timers = timers(ctx);
        if (trace != null && !ctx.experimentId().isEmpty()) {
            trace.experiment(ctx.experimentId(), ctx.abParams(),
                    plan.applied().stream().map(a -> Map.of("param", a.param(), "effect", a.effect())).toList(),
                    plan.experimentRankScore());
        }
        // PAI-Rec's debug log (DebugConfs / debugConfig): null for a request not logged
        SceneDebugLog.Request debugLog = plan.stages().debugLog().start(ctx, user);
        loadUserFeatures(ctx, user, plan, timers);
        if (trace != null) trace.userFeatures(user);
        SubPipelines.Running pipelines = plan.stages().startPipelines(ctx, user, trace);
        List<Item> items = recall(ctx, user, plan, trace);
        if (trace != null) trace.recalled(items);
        if (debugLog != null) debugLog.stage(Module.RECALL, items);

        long t = System.nanoTime();
        for (ComponentCatalog.Named<Filter> f : plan.filters()) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = filter(ctx, user, f, items);
            if (trace != null) trace.filter(f.name(), in, items);
        }
        timers.filter.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
        if (debugLog != null) debugLog.stage(Module.FILTER, items);
        items = plan.stages().generalRank(ctx, user, items, trace);
        if (debugLog != null) debugLog.stage(Module.GENERAL_RANK, items);

        FeatureStage itemFeatures = plan.itemFeatures();
        if (itemFeatures != null && !itemFeatures.isEmpty() && !items.isEmpty()) {
            t = System.nanoTime();
            itemFeatures.loadItems(ctx, user, items);
            timers.itemFeature.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
            if (trace != null) trace.itemFeatures(items);
        }

        if (!items.isEmpty()) {
            t = System.nanoTime();
            try {
                plan.stages().rank(plan.rank(), ctx, user, items, trace);
            } catch (RuntimeException e) {
                metrics.failure("rank", "rank", scene, FailureText.label(e)).increment();
                LOG.warn("rank stage failed (scene={}, requestId={})", scene, ctx.requestId(), e);
                ctx.log("ERROR", "module=rank\t" + FailureText.of("rank stage", e));
            }
            timers.rank.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
            if (trace != null) trace.ranked(items);
        }
        items = plan.stages().mergePipelines(items, pipelines, trace);
        if (debugLog != null) debugLog.stage(Module.RANK, items);

        if (ctx.debug()) {
            for (int i = 0; i < items.size(); i++) {
                items.get(i).setProperty(ORIGIN_POSITION, i + 1);
            }
        }
        t = System.nanoTime();
        for (ComponentCatalog.Named<Sort> s : plan.sorts()) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = sort(ctx, user, s, items);
            if (trace != null) trace.sort(s.name(), in, items);
        }
        timers.sort.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
        if (debugLog != null) debugLog.stage(Module.SORT, items);

        List<Item> sorted = items;
        if (items.size() > ctx.size()) {
            items = new ArrayList<>(items.subList(0, ctx.size()));
        }
        if (trace != null) trace.truncated(ctx.size(), sorted, items);
        if (debugLog != null) debugLog.stage(Module.RECOMMEND, items);
        if (ctx.debug()) {
            for (int i = 0; i < items.size(); i++) {
                items.get(i).setProperty(NEW_POSITION, i + 1);
            }
        }
        if (items.size() < ctx.size()) {
            timers.sizeNotEnough.increment();
        }
        timers.recTotal.increment();
        timers.rec.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        return items;
    }

    /**
     * Stage 8 for this scene's components: lets each filter record the final list (exposure logs).
     * Runs on the after-response pool; a failing filter is logged and counted, the others still run.
     */
    public void afterResponse(RecContext ctx, User user, List<Item> items) {
        for (ComponentCatalog.Named<Filter> f : afterResponseFilters) {
            try {
                f.component().afterResponse(ctx, user, items);
            } catch (RuntimeException e) {
                metrics.failure("filter", f.name(), scene, "after_response_error").increment();
                LOG.warn("filter {} afterResponse failed (scene={}, requestId={})", f.name(), scene, ctx.requestId(), e);
            }
        }
    }

    /** PAI-Rec's lookup: the category, then {@code default_category}; none means no recalls (PAI-Rec panics). */
    private List<ComponentCatalog.NamedRecall> recallsFor(RecContext ctx, RequestPlan plan) {
        List<ComponentCatalog.NamedRecall> r = plan.recalls();
        if (r == null) {
            ctx.log("WARN", "module=recall\tscene " + scene + " has no category '" + ctx.category()
                    + "' nor default_category: no recall");
            return List.of();
        }
        return r;
    }

    private List<Item> filter(RecContext ctx, User user, ComponentCatalog.Named<Filter> f, List<Item> items) {
        return ComponentSteps.filter(ctx, user, f, items, scene, metrics);
    }

    private List<Item> sort(RecContext ctx, User user, ComponentCatalog.Named<Sort> s, List<Item> items) {
        return ComponentSteps.sort(ctx, user, s, items, scene, metrics);
    }
}
