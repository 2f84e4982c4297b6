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
 * One coarse rank ({@code GeneralRankConfig}: a {@code GeneralRankConfs[scene]} entry, the base of a
 * {@code ColdStartGeneralRankConfs[scene]} entry, or a pipeline's {@code GeneralRankConf}), in PAI-Rec's
 * order: its own {@code FeatureLoadConfs} (loaded concurrently), its {@code RankConf} models in
 * {@code BatchCount} batches with {@code RankScore} (only when {@code RankAlgoList} is not empty: PAI-Rec's
 * coarse rank has no score-only mode), then {@code ActionConfs} in order, each a named filter
 * ({@code ActionType "filter"}) or sort ({@code "sort"}) applied to the whole list; a truncating filter
 * there is what makes it a coarse rank. Immutable.
 */
final class GeneralRank {

    private static final Logger LOG = LoggerFactory.getLogger(GeneralRank.class);

    /** One {@code ActionConfs} entry: exactly one of filter and sort is set. */
    record Action(ComponentCatalog.Named<Filter> filter, ComponentCatalog.Named<Sort> sort) {
        String name() {
            return filter != null ? filter.name() : sort.name();
        }
    }

    private final String scene;
    private final FeatureStage features;
    private final RankStage rank;
    private final List<Action> actions;

    GeneralRank(String scene, FeatureStage features, RankStage rank, List<Action> actions) {
        this.scene = scene;
        this.features = features;
        this.rank = rank;
        this.actions = List.copyOf(actions);
    }

    /**
     * @param where the config path, e.g. {@code GeneralRankConfs.home}
     * @param conf  the {@code GeneralRankConfig} object
     */
    static GeneralRank build(String where, String scene, ComponentConfig conf, StageWiring w) {
        FeatureStage features = w.featureLoads(where + ".FeatureLoadConfs", conf.raw("FeatureLoadConfs"));
        RankStage rank = conf.has("RankConf") ? w.modelRank(scene, conf.child("RankConf")) : RankStage.NONE;
        List<Action> actions = new ArrayList<>();
        for (ComponentConfig a : conf.children("ActionConfs")) {
            String name = a.string("ActionName");
            // unknown types and names are start-up errors (config validator); PAI-Rec skips them
            switch (a.string("ActionType")) {
                case "filter" -> w.catalog.filter(name).ifPresent(f ->
                        actions.add(new Action(new ComponentCatalog.Named<>(name, f), null)));
                case "sort" -> w.catalog.sort(name).ifPresent(s ->
                        actions.add(new Action(null, new ComponentCatalog.Named<>(name, s))));
                default -> { }
            }
        }
        return new GeneralRank(scene, features, rank, actions);
    }

    /** The ranked and acted-on list (a new mutable list); a failing part leaves the list as it was. */
    List<Item> rank(RecContext ctx, User user, List<Item> items, EngineMetrics metrics) {
        return rank(ctx, user, items, metrics, null, null);
    }

    /**
     * {@link #rank(RecContext, User, List, EngineMetrics)}, recorded in {@code trace} (null for none) as a
     * coarse rank called {@code name} with its steps.
     */
    List<Item> rank(RecContext ctx, User user, List<Item> items, EngineMetrics metrics, RequestTrace trace, String name) {
        RequestTrace steps = trace == null ? null : trace.part(name);
        List<Item> out = rankSteps(ctx, user, items, metrics, steps);
        if (trace != null) trace.generalRank(name, items, out, steps);
        return out;
    }

    private List<Item> rankSteps(RecContext ctx, User user, List<Item> items, EngineMetrics metrics, RequestTrace steps) {
        if (items.isEmpty()) {
            return new ArrayList<>(items);
        }
        if (features != null) {
            features.loadItems(ctx, user, items);
            if (steps != null) steps.itemFeatures(items);
        }
        if (rank != RankStage.NONE) {
            try {
                rank.rank(ctx, user, items);
            } catch (RuntimeException e) {
                metrics.failure("rank", "general_rank", scene, FailureText.label(e)).increment();
                LOG.warn("general rank models failed (scene={}, requestId={})", scene, ctx.requestId(), e);
                ctx.log("ERROR", "module=general_rank\t" + FailureText.of("general rank", e));
            }
            if (steps != null) steps.ranked(items);
        }
        List<Item> out = new ArrayList<>(items);
        for (Action a : actions) {
            List<Item> in = steps == null ? null : new ArrayList<>(out);
            out = a.filter() != null ? ComponentSteps.filter(ctx, user, a.filter(), out, scene, metrics)
                    : ComponentSteps.sort(ctx, user, a.sort(), out, scene, metrics);
            if (steps != null) {
                if (a.filter() != null) steps.filter(a.name(), in, out);
                else steps.sort(a.name(), in, out);
            }
        }
        if (ctx.debug()) {
            ctx.log("INFO", "module=general_rank\tcount=" + out.size());
        }
        return out;
    }

    List<Action> actions() {
        return actions;
    }
}
