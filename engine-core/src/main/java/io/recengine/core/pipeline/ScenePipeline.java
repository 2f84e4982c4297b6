package io.recengine.core.pipeline;

import io.micrometer.core.instrument.Timer;
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
    private final FeatureStage userFeatures;
    private final FeatureStage itemFeatures;
    private final RankStage rank;
    private final RecallRunner recallRunner;
    private final EngineMetrics metrics;
    private final Timer recTimer;
    private final Timer filterTimer;
    private final Timer sortTimer;
    private final Timer rankTimer;
    private final Timer userFeatureTimer;
    private final Timer itemFeatureTimer;
    private final io.micrometer.core.instrument.Counter recTotal;
    private final io.micrometer.core.instrument.Counter sizeNotEnough;
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
                  Map<String, List<String>> outputFields) {
        this(scene, recallsByCategory, filters, sortsByCategory, defaultSorts, userFeatures, itemFeatures, rank,
                recallRunner, metrics, outputFields, SceneStages.NONE);
    }

    ScenePipeline(String scene, Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory,
                  List<ComponentCatalog.Named<Filter>> filters,
                  Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory,
                  List<ComponentCatalog.Named<Sort>> defaultSorts, FeatureStage userFeatures,
                  FeatureStage itemFeatures, RankStage rank, RecallRunner recallRunner, EngineMetrics metrics,
                  Map<String, List<String>> outputFields, SceneStages stages) {
        this.scene = scene;
        this.stages = stages;
        this.recallsByCategory = Map.copyOf(recallsByCategory);
        this.filters = List.copyOf(filters);
        this.sortsByCategory = Map.copyOf(sortsByCategory);
        this.defaultSorts = List.copyOf(defaultSorts);
        this.userFeatures = userFeatures;
        this.itemFeatures = itemFeatures;
        this.rank = rank;
        this.recallRunner = recallRunner;
        this.metrics = metrics;
        this.recTimer = metrics.stageTimer("rec", "scene", scene, "exp_id", "");
        this.filterTimer = metrics.stageTimer("filter", "scene", scene, "exp_id", "");
        this.sortTimer = metrics.stageTimer("sort", "scene", scene, "exp_id", "");
        this.rankTimer = metrics.stageTimer("rank", "scene", scene, "exp_id", "");
        this.userFeatureTimer = metrics.stageTimer("load.feature", "scene", scene, "exp_id", "", "stage", "user");
        this.itemFeatureTimer = metrics.stageTimer("load.feature", "scene", scene, "exp_id", "", "stage", "item");
        this.recTotal = metrics.recTotal(scene);
        this.sizeNotEnough = metrics.sizeNotEnough(scene);
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

    /** Stage 1: user features ({@code UserFeatureConfs}). */
    void loadUserFeatures(RecContext ctx, User user) {
        if (userFeatures != null && !userFeatures.isEmpty()) {
            long t0 = System.nanoTime();
            userFeatures.loadUser(ctx, user);
            userFeatureTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** Stage 2: recalls of the request's category, merged in order. */
    List<Item> recall(RecContext ctx, User user, RequestTrace trace) {
        List<ComponentCatalog.NamedRecall> recalls = recallsFor(ctx);
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
        loadUserFeatures(ctx, user);
        List<RecallFailure> errors = new ArrayList<>();
        List<Item> items = recallRunner.run(ctx, user, recallsFor(ctx), errors);
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
        loadUserFeatures(ctx, user);
        if (trace != null) trace.userFeatures(user);
        SubPipelines.Running pipelines = stages.startPipelines(ctx, user);
        List<Item> items = recall(ctx, user, trace);
        if (trace != null) trace.recalled(items);

        long t = System.nanoTime();
        for (ComponentCatalog.Named<Filter> f : filters) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = filter(ctx, user, f, items);
            if (trace != null) trace.filter(f.name(), in, items);
        }
        filterTimer.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
        items = stages.generalRank(ctx, user, items);

        if (itemFeatures != null && !itemFeatures.isEmpty() && !items.isEmpty()) {
            t = System.nanoTime();
            itemFeatures.loadItems(ctx, user, items);
            itemFeatureTimer.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
            if (trace != null) trace.itemFeatures(items);
        }

        if (!items.isEmpty()) {
            t = System.nanoTime();
            try {
                stages.rank(rank, ctx, user, items);
            } catch (RuntimeException e) {
                metrics.failure("rank", "rank", scene, FailureText.label(e)).increment();
                LOG.warn("rank stage failed (scene={}, requestId={})", scene, ctx.requestId(), e);
                ctx.log("ERROR", "module=rank\t" + FailureText.of("rank stage", e));
            }
            rankTimer.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);
            if (trace != null) trace.ranked(items);
        }
        items = stages.mergePipelines(items, pipelines);

        if (ctx.debug()) {
            for (int i = 0; i < items.size(); i++) {
                items.get(i).setProperty(ORIGIN_POSITION, i + 1);
            }
        }
        t = System.nanoTime();
        for (ComponentCatalog.Named<Sort> s : sortsFor(ctx.category())) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = sort(ctx, user, s, items);
            if (trace != null) trace.sort(s.name(), in, items);
        }
        sortTimer.record(System.nanoTime() - t, TimeUnit.NANOSECONDS);

        List<Item> sorted = items;
        if (items.size() > ctx.size()) {
            items = new ArrayList<>(items.subList(0, ctx.size()));
        }
        if (trace != null) trace.truncated(ctx.size(), sorted, items);
        if (ctx.debug()) {
            for (int i = 0; i < items.size(); i++) {
                items.get(i).setProperty(NEW_POSITION, i + 1);
            }
        }
        if (items.size() < ctx.size()) {
            sizeNotEnough.increment();
        }
        recTotal.increment();
        recTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
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
    private List<ComponentCatalog.NamedRecall> recallsFor(RecContext ctx) {
        List<ComponentCatalog.NamedRecall> r = recallsByCategory.get(ctx.category());
        if (r == null) {
            r = recallsByCategory.get("default_category");
        }
        if (r == null) {
            ctx.log("WARN", "module=recall\tscene " + scene + " has no category '" + ctx.category()
                    + "' nor default_category: no recall");
            return List.of();
        }
        return r;
    }

    private List<ComponentCatalog.Named<Sort>> sortsFor(String category) {
        List<ComponentCatalog.Named<Sort>> s = sortsByCategory.get(category);
        return s != null ? s : defaultSorts;
    }

    private List<Item> filter(RecContext ctx, User user, ComponentCatalog.Named<Filter> f, List<Item> items) {
        return ComponentSteps.filter(ctx, user, f, items, scene, metrics);
    }

    private List<Item> sort(RecContext ctx, User user, ComponentCatalog.Named<Sort> s, List<Item> items) {
        return ComponentSteps.sort(ctx, user, s, items, scene, metrics);
    }
}
