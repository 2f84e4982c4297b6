package io.recengine.core.pipeline;

import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.RankStage;
import io.recengine.core.trace.RequestTrace;
import io.recengine.spi.ComponentConfig;
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

/**
 * One {@code PipelineConfs[scene]} entry, a mini-pipeline run beside the scene's own stages, in PAI-Rec's
 * order: its {@code RecallNames} (parallel; nothing more when they find nothing) → {@code FilterNames} →
 * {@code GeneralRankConf} → {@code FeatureLoadConfs} → {@code RankConf} (only with models) →
 * {@code ColdStartRankConf} (every item of the pipeline) → {@code SortNames} (none when empty, unlike a
 * scene's). Immutable.
 */
final class SubPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SubPipeline.class);

    private final String name;
    private final String scene;
    private final List<ComponentCatalog.NamedRecall> recalls;
    private final List<ComponentCatalog.Named<Filter>> filters;
    private final GeneralRank generalRank;
    private final FeatureStage features;
    private final RankStage rank;
    private final ColdStartRank coldStart;
    private final List<ComponentCatalog.Named<Sort>> sorts;
    private final RecallRunner recallRunner;
    private final EngineMetrics metrics;

    private SubPipeline(String name, String scene, List<ComponentCatalog.NamedRecall> recalls,
                        List<ComponentCatalog.Named<Filter>> filters, GeneralRank generalRank, FeatureStage features,
                        RankStage rank, ColdStartRank coldStart, List<ComponentCatalog.Named<Sort>> sorts,
                        RecallRunner recallRunner, EngineMetrics metrics) {
        this.name = name;
        this.scene = scene;
        this.recalls = List.copyOf(recalls);
        this.filters = List.copyOf(filters);
        this.generalRank = generalRank;
        this.features = features;
        this.rank = rank;
        this.coldStart = coldStart;
        this.sorts = List.copyOf(sorts);
        this.recallRunner = recallRunner;
        this.metrics = metrics;
    }

    /** @param where the config path, e.g. {@code PipelineConfs.home[0]} */
    static SubPipeline build(String where, String scene, ComponentConfig p, StageWiring w) {
        GeneralRank general = p.has("GeneralRankConf") && !p.child("GeneralRankConf").isEmpty()
                ? GeneralRank.build(where + ".GeneralRankConf", scene, p.child("GeneralRankConf"), w) : null;
        FeatureStage features = w.featureLoads(where + ".FeatureLoadConfs", p.raw("FeatureLoadConfs"));
        RankStage rank = p.has("RankConf") ? w.modelRank(scene, p.child("RankConf")) : RankStage.NONE;
        ColdStartRank cold = p.has("ColdStartRankConf") ? ColdStartRank.build(scene, p.child("ColdStartRankConf"), w) : null;
        String name = p.string("Name");
        return new SubPipeline(name.isEmpty() ? where : name, scene, w.recalls(p.stringList("RecallNames")),
                w.filters(p.stringList("FilterNames")), general, features, rank, cold, w.sorts(p.stringList("SortNames")),
                w.recallRunner, w.metrics);
    }

    String name() {
        return name;
    }

    /** The pipeline's items, sorted by its sorts (a mutable list). */
    List<Item> run(RecContext ctx, User user) {
        return run(ctx, user, null);
    }

    /**
     * {@link #run(RecContext, User)}, each step recorded in {@code trace} (the pipeline's part of a
     * diagnosed request's trace; null for none) as the scene's stages are.
     */
    List<Item> run(RecContext ctx, User user, RequestTrace trace) {
        List<Item> items = trace == null ? recallRunner.run(ctx, user, recalls)
                : recallRunner.run(ctx, user, recalls, null, trace);
        if (trace != null) trace.recalled(items);
        if (items.isEmpty()) {
            return items;
        }
        for (ComponentCatalog.Named<Filter> f : filters) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = ComponentSteps.filter(ctx, user, f, items, scene, metrics);
            if (trace != null) trace.filter(f.name(), in, items);
        }
        if (generalRank != null) {
            items = generalRank.rank(ctx, user, items, metrics, trace, "GeneralRankConf");
        }
        if (features != null && !items.isEmpty()) {
            features.loadItems(ctx, user, items);
            if (trace != null) trace.itemFeatures(items);
        }
        if (!items.isEmpty()) {
            if (rank != RankStage.NONE) {
                try {
                    rank.rank(ctx, user, items);
                } catch (RuntimeException e) {
                    metrics.failure("rank", "pipeline " + name, scene, FailureText.label(e)).increment();
                    LOG.warn("rank of pipeline {} failed (scene={}, requestId={})", name, scene, ctx.requestId(), e);
                    ctx.log("ERROR", "module=rank\tpipeline=" + name + "\t" + FailureText.of("pipeline rank", e));
                }
                if (trace != null) trace.ranked(items);
            }
            if (coldStart != null) {
                coldStart.rank(ctx, user, items, metrics, trace);
            }
        }
        for (ComponentCatalog.Named<Sort> s : sorts) {
            List<Item> in = trace == null ? null : new ArrayList<>(items);
            items = ComponentSteps.sort(ctx, user, s, items, scene, metrics);
            if (trace != null) trace.sort(s.name(), in, items);
        }
        if (ctx.debug()) {
            ctx.log("INFO", "module=pipeline\tpipeline=" + name + "\tcount=" + items.size());
        }
        return items;
    }
}
