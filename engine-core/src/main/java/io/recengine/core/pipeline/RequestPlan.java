package io.recengine.core.pipeline;

import io.recengine.core.feature.FeatureStage;
import io.recengine.core.rank.RankStage;
import io.recengine.spi.Filter;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one request runs: the scene's configured stages, with the request's experiment parameters applied
 * as PAI-Rec applies them. Without parameters it is the scene's configuration as is (no allocation but
 * this object). Parameters read:
 * <ul>
 *   <li>{@code <category>.RecallNames}, {@code <category>.SortNames}: the lists, in place of the category's
 *       (an empty list keeps the configured one);</li>
 *   <li>{@code filterNames}: the filter list in place of the scene's (an empty list: no filters);</li>
 *   <li>{@code recall.<name>}, {@code filter.<name>}, {@code sort.<name>}: a whole component config for
 *       the component of that name in the lists above (built once per distinct config);</li>
 *   <li>{@code rankconf} (a whole {@code RankConfig}) and {@code rankscore} (its {@code RankScore});</li>
 *   <li>{@code features.scene.name}: the item features of another scene's {@code FeatureConfs};
 *       {@code user_features.scene.name}, or with {@code user_features.multistage.on} the
 *       {@code user_features.stage.{base,recall,generalrank,rank}.scene.name} in that order: the user
 *       features of those scenes' {@code UserFeatureConfs}.</li>
 * </ul>
 * {@code ${param}} inside {@code RankScore} reads the parameters directly (the rank stage's variables).
 * A name the config does not define is skipped, with a debug log line and a count
 * ({@code recengine_component_failures_total{kind="experiment",outcome="unknown_component"}}); a config that
 * cannot be built leaves the configured component serving. Immutable.
 */
public final class RequestPlan {

    /** The stages of a scene as configured, the plan's starting point. */
    record SceneStages(String scene, Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory,
                       List<ComponentCatalog.Named<Filter>> filters,
                       Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory,
                       List<ComponentCatalog.Named<Sort>> defaultSorts, FeatureStage userFeatures,
                       FeatureStage itemFeatures, RankStage rank) {

        List<ComponentCatalog.NamedRecall> recalls(String category) {
            List<ComponentCatalog.NamedRecall> r = recallsByCategory.get(category);
            return r != null ? r : recallsByCategory.get("default_category");
        }

        List<ComponentCatalog.Named<Sort>> sorts(String category) {
            List<ComponentCatalog.Named<Sort>> s = sortsByCategory.get(category);
            return s != null ? s : defaultSorts;
        }
    }

    private static final String[] USER_FEATURE_STAGES = {"user_features.stage.base.scene.name",
            "user_features.stage.recall.scene.name", "user_features.stage.generalrank.scene.name",
            "user_features.stage.rank.scene.name"};

    private final List<ComponentCatalog.NamedRecall> recalls;
    private final List<ComponentCatalog.Named<Filter>> filters;
    private final List<ComponentCatalog.Named<Sort>> sorts;
    private final RankStage rank;
    private final List<FeatureStage> userFeatures;
    private final FeatureStage itemFeatures;

    private RequestPlan(List<ComponentCatalog.NamedRecall> recalls, List<ComponentCatalog.Named<Filter>> filters,
                        List<ComponentCatalog.Named<Sort>> sorts, RankStage rank, List<FeatureStage> userFeatures,
                        FeatureStage itemFeatures) {
        this.recalls = recalls;
        this.filters = filters;
        this.sorts = sorts;
        this.rank = rank;
        this.userFeatures = userFeatures;
        this.itemFeatures = itemFeatures;
    }

    /** The recalls to run, in merge order; null when the scene has neither the category nor {@code default_category}. */
    public List<ComponentCatalog.NamedRecall> recalls() {
        return recalls;
    }

    public List<ComponentCatalog.Named<Filter>> filters() {
        return filters;
    }

    public List<ComponentCatalog.Named<Sort>> sorts() {
        return sorts;
    }

    public RankStage rank() {
        return rank;
    }

    /** The user feature stages, in load order (several with PAI-Rec's multi-stage user features); may hold nulls. */
    public List<FeatureStage> userFeatures() {
        return userFeatures;
    }

    /** The item feature stage; null for none. */
    public FeatureStage itemFeatures() {
        return itemFeatures;
    }

    /** The plan of {@code ctx}: its scene's stages with its experiment parameters applied. */
    static RequestPlan resolve(RecContext ctx, SceneStages s, ExperimentStages x) {
        Map<String, Object> p = ctx.abParams();
        String category = ctx.category();
        if (p.isEmpty() || x == null) {
            return new RequestPlan(s.recalls(category), s.filters(), s.sorts(category), s.rank(),
                    s.userFeatures() == null ? List.of() : java.util.Collections.singletonList(s.userFeatures()),
                    s.itemFeatures());
        }
        Applier a = new Applier(ctx, s.scene(), x);
        return new RequestPlan(a.recalls(p, category, s.recalls(category)), a.filters(p, s.filters()),
                a.sorts(p, category, s.sorts(category)), a.rank(p, s.rank()), a.userFeatures(p, s.userFeatures()),
                a.itemFeatures(p, s.itemFeatures()));
    }

    /** Applies one request's parameters, reporting to its debug log what replaced what. */
    private static final class Applier {
        private final RecContext ctx;
        private final String scene;
        private final ExperimentStages x;

        Applier(RecContext ctx, String scene, ExperimentStages x) {
            this.ctx = ctx;
            this.scene = scene;
            this.x = x;
        }

        private void applied(String what) {
            if (ctx.debug()) {
                ctx.log("INFO", "module=experiment\texp_id=" + ctx.experimentId() + "\t" + what);
            }
        }

        private ExperimentStages.Problem problem(String param) {
            return (outcome, text) -> {
                x.count(scene, param, outcome);
                if (ctx.debug()) {
                    ctx.log("WARN", "module=experiment\texp_id=" + ctx.experimentId() + "\tparam=" + param + "\t" + text);
                }
            };
        }

        /** The names of a list parameter, or null when absent or not a list (PAI-Rec ignores it then). */
        private static List<String> names(Object v) {
            if (!(v instanceof List<?> list)) {
                return null;
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o instanceof String str) {
                    out.add(str);
                }
            }
            return out;
        }

        List<ComponentCatalog.NamedRecall> recalls(Map<String, Object> p, String category,
                                                   List<ComponentCatalog.NamedRecall> configured) {
            String key = category + ".RecallNames";
            List<String> names = names(p.get(key));
            List<ComponentCatalog.NamedRecall> list = configured;
            if (names != null && !names.isEmpty()) {
                list = new ArrayList<>(names.size());
                for (String n : names) {
                    Optional<ComponentCatalog.NamedRecall> r = x.catalog().recall(n);
                    if (r.isPresent()) {
                        list.add(r.get());
                    } else {
                        problem(key).report(ExperimentStages.UNKNOWN, "recall '" + n + "' is not defined in RecallConfs; skipped");
                    }
                }
                applied("param=" + key + "\trecalls=" + names);
            }
            if (list == null) {
                return null;
            }
            List<ComponentCatalog.NamedRecall> out = null;
            for (int i = 0; i < list.size(); i++) {
                ComponentCatalog.NamedRecall r = list.get(i);
                String param = "recall." + r.name();
                if (p.get(param) instanceof Map<?, ?> conf) {
                    Optional<ComponentCatalog.NamedRecall> clone = x.recall(r.name(), conf, problem(param));
                    if (clone.isPresent()) {
                        out = out == null ? new ArrayList<>(list) : out;
                        out.set(i, clone.get());
                        applied("param=" + param + "\treplaced the configured recall '" + r.name() + "'");
                    }
                }
            }
            return out == null ? list : out;
        }

        List<ComponentCatalog.Named<Filter>> filters(Map<String, Object> p, List<ComponentCatalog.Named<Filter>> configured) {
            List<ComponentCatalog.Named<Filter>> list = configured;
            Object v = p.get("filterNames");
            if (v != null) {
                // PAI-Rec: a filterNames parameter that names no known filter runs no filter at all
                List<String> names = names(v);
                list = new ArrayList<>();
                for (String n : names == null ? List.<String>of() : names) {
                    Optional<Filter> f = x.catalog().filter(n);
                    if (f.isPresent()) {
                        list.add(new ComponentCatalog.Named<>(n, f.get()));
                    } else {
                        problem("filterNames").report(ExperimentStages.UNKNOWN, "filter '" + n
                                + "' is not defined in FilterConfs; skipped");
                    }
                }
                applied("param=filterNames\tfilters=" + (names == null ? List.of() : names));
            }
            return withClones(p, list, "filter", x::filter);
        }

        /** A component built from a config: empty to keep the configured one. */
        @FunctionalInterface
        private interface Cloner<T> {
            Optional<T> clone(String name, Map<?, ?> conf, ExperimentStages.Problem problem);
        }

        /** {@code list} with each component that a {@code <kind>.<name>} parameter configures replaced by its clone. */
        private <T> List<ComponentCatalog.Named<T>> withClones(Map<String, Object> p, List<ComponentCatalog.Named<T>> list,
                                                              String kind, Cloner<T> cloner) {
            List<ComponentCatalog.Named<T>> out = null;
            for (int i = 0; i < list.size(); i++) {
                ComponentCatalog.Named<T> c = list.get(i);
                String param = kind + "." + c.name();
                if (p.get(param) instanceof Map<?, ?> conf) {
                    Optional<T> clone = cloner.clone(c.name(), conf, problem(param));
                    if (clone.isPresent()) {
                        out = out == null ? new ArrayList<>(list) : out;
                        out.set(i, new ComponentCatalog.Named<>(c.name(), clone.get()));
                        applied("param=" + param + "\treplaced the configured " + kind + " '" + c.name() + "'");
                    }
                }
            }
            return out == null ? list : out;
        }

        List<ComponentCatalog.Named<Sort>> sorts(Map<String, Object> p, String category,
                                                 List<ComponentCatalog.Named<Sort>> configured) {
            String key = category + ".SortNames";
            List<String> names = names(p.get(key));
            List<ComponentCatalog.Named<Sort>> list = configured;
            if (names != null && !names.isEmpty()) {
                List<ComponentCatalog.Named<Sort>> found = new ArrayList<>(names.size());
                for (String n : names) {
                    Optional<Sort> s = x.catalog().sort(n);
                    if (s.isPresent()) {
                        found.add(new ComponentCatalog.Named<>(n, s.get()));
                    } else {
                        problem(key).report(ExperimentStages.UNKNOWN, "sort '" + n
                                + "' is not defined in SortConfs or DPPConf; skipped");
                    }
                }
                if (!found.isEmpty()) { // PAI-Rec: no known sort named, the configured ones run
                    list = found;
                    applied("param=" + key + "\tsorts=" + names);
                }
            }
            return withClones(p, list, "sort", x::sort);
        }

        RankStage rank(Map<String, Object> p, RankStage configured) {
            Map<?, ?> rankconf = p.get("rankconf") instanceof Map<?, ?> m ? m : null;
            Object rs = p.get("rankscore");
            String rankscore = rs == null || rs instanceof Map || rs instanceof List ? "" : Values.text(rs);
            if (rankconf == null && rankscore.isEmpty()) {
                return configured;
            }
            String param = rankconf != null ? "rankconf" : "rankscore";
            Optional<RankStage> r = x.rank(scene, rankconf, rankscore, problem(param));
            if (r.isEmpty()) {
                return configured;
            }
            applied("param=" + param + (rankconf != null && !rankscore.isEmpty() ? ",rankscore" : "")
                    + "\treplaced RankConf." + scene + (rankscore.isEmpty() ? "" : "\tRankScore=" + rankscore));
            return r.get();
        }

        FeatureStage itemFeatures(Map<String, Object> p, FeatureStage configured) {
            String name = text(p.get("features.scene.name"));
            if (name.isEmpty() || name.equals(scene)) {
                return configured;
            }
            Optional<FeatureStage> f = x.features(name, false, problem("features.scene.name"));
            applied("param=features.scene.name\titem features of scene '" + name + "'");
            return f.orElse(null);
        }

        List<FeatureStage> userFeatures(Map<String, Object> p, FeatureStage configured) {
            List<String> scenes = new ArrayList<>(4);
            if (toBool(p.get("user_features.multistage.on"))) {
                for (String key : USER_FEATURE_STAGES) {
                    String n = text(p.get(key));
                    if (!n.isEmpty()) {
                        scenes.add(n);
                    }
                }
            }
            if (scenes.isEmpty()) {
                String n = text(p.get("user_features.scene.name"));
                if (n.isEmpty() || n.equals(scene)) {
                    return configured == null ? List.of() : java.util.Collections.singletonList(configured);
                }
                scenes.add(n);
            }
            List<FeatureStage> out = new ArrayList<>(scenes.size());
            for (String n : scenes) {
                if (n.equals(scene)) {
                    out.add(configured);
                } else {
                    x.features(n, true, problem("user_features")).ifPresent(out::add);
                }
            }
            applied("param=user_features\tuser features of scenes " + scenes);
            return out;
        }

        private static String text(Object v) {
            return v == null || v instanceof Map || v instanceof List ? "" : Values.text(v);
        }

        /** Go's loose boolean: true, "true", non-zero numbers. */
        private static boolean toBool(Object v) {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                return n.doubleValue() != 0;
            }
            return v instanceof String str && Boolean.parseBoolean(str.trim());
        }
    }
}
