package io.recengine.core.pipeline;

import io.recengine.core.debuglog.DebugLogConfig;
import io.recengine.core.debuglog.SceneDebugLog;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.rank.RankStage;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Filter;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *   <li>{@code generalRankConf}, {@code coldStartGeneralRankConf}, {@code coldStartRankConf}: whole configs in
 *       place of the scene's {@code GeneralRankConfs} / {@code ColdStartGeneralRankConfs} /
 *       {@code ColdStartRankConfs} entries; {@code pipelines.<name>.<key>}: one key of a mini-pipeline's
 *       {@code PipelineConfs} entry (and {@code recall.<name>} for its recalls), see {@link #stages()}.</li>
 * </ul>
 * {@code ${param}} inside {@code RankScore} reads the parameters directly (the rank stage's variables).
 * A name the config does not define is skipped, with a debug log line and a count
 * ({@code recengine_component_failures_total{kind="experiment",outcome="unknown_component"}}); a config that
 * cannot be built leaves the configured component serving. Immutable.
 */
public final class RequestPlan {

    /** The stages of a scene as configured, the plan's starting point. */
    record Configured(String scene, Map<String, List<ComponentCatalog.NamedRecall>> recallsByCategory,
                      List<ComponentCatalog.Named<Filter>> filters,
                      Map<String, List<ComponentCatalog.Named<Sort>>> sortsByCategory,
                      List<ComponentCatalog.Named<Sort>> defaultSorts, FeatureStage userFeatures,
                      FeatureStage itemFeatures, RankStage rank, SceneStages stages) {

        List<ComponentCatalog.NamedRecall> recalls(String category) {
            List<ComponentCatalog.NamedRecall> r = recallsByCategory.get(category);
            return r != null ? r : recallsByCategory.get("default_category");
        }

        List<ComponentCatalog.Named<Sort>> sorts(String category) {
            List<ComponentCatalog.Named<Sort>> s = sortsByCategory.get(category);
            return s != null ? s : defaultSorts;
        }
    }

    /** The keys of a {@code PipelineConfs} entry PAI-Rec reads from {@code pipelines.<name>.<key>}. */
    private static final List<String> PIPELINE_KEYS = List.of("RecallNames", "FilterNames", "GeneralRankConf",
            "FeatureLoadConfs", "RankConf", "ColdStartRankConf", "SortNames");

    private static final String[] USER_FEATURE_STAGES = {"user_features.stage.base.scene.name",
            "user_features.stage.recall.scene.name", "user_features.stage.generalrank.scene.name",
            "user_features.stage.rank.scene.name"};

    private final List<ComponentCatalog.NamedRecall> recalls;
    private final List<ComponentCatalog.Named<Filter>> filters;
    private final List<ComponentCatalog.Named<Sort>> sorts;
    private final RankStage rank;
    private final List<FeatureStage> userFeatures;
    private final FeatureStage itemFeatures;
    private final SceneStages stages;
    private final List<Applied> applied;
    private final String rankScore;

    private RequestPlan(List<ComponentCatalog.NamedRecall> recalls, List<ComponentCatalog.Named<Filter>> filters,
                        List<ComponentCatalog.Named<Sort>> sorts, RankStage rank, List<FeatureStage> userFeatures,
                        FeatureStage itemFeatures, SceneStages stages, List<Applied> applied, String rankScore) {
        this.stages = stages;
        this.applied = applied;
        this.rankScore = rankScore;
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

    /** One parameter the plan applied and what it did, e.g. {@code rankconf}: {@code replaced RankConf.home}. */
    public record Applied(String param, String effect) {
    }

    /**
     * The parameters applied, in the order the stages read them; empty without parameters and for requests
     * without debug (only the debug output and the diagnostic trace show them).
     */
    public List<Applied> applied() {
        return applied;
    }

    /** The {@code RankScore} an experiment set ({@code rankscore}, or that of {@code rankconf}); null: the configured one. */
    public String experimentRankScore() {
        return rankScore;
    }

    /** The coarse rank, cold-start rank and mini-pipelines to run (the fallback is always the scene's). */
    SceneStages stages() {
        return stages;
    }

    /** The plan of {@code ctx}: its scene's stages with its experiment parameters applied. */
    static RequestPlan resolve(RecContext ctx, Configured s, ExperimentStages x) {
        Map<String, Object> p = ctx.abParams();
        String category = ctx.category();
        if (p.isEmpty() || x == null) {
            return new RequestPlan(s.recalls(category), s.filters(), s.sorts(category), s.rank(),
                    s.userFeatures() == null ? List.of() : java.util.Collections.singletonList(s.userFeatures()),
                    s.itemFeatures(), s.stages(), List.of(), null);
        }
        Applier a = new Applier(ctx, s.scene(), x);
        a.unsupported(p, s.stages());
        List<ComponentCatalog.NamedRecall> recalls = a.recalls(p, category, s.recalls(category));
        List<ComponentCatalog.Named<Filter>> filters = a.filters(p, s.filters());
        List<ComponentCatalog.Named<Sort>> sorts = a.sorts(p, category, s.sorts(category));
        RankStage rank = a.rank(p, s.rank());
        List<FeatureStage> userFeatures = a.userFeatures(p, s.userFeatures());
        FeatureStage itemFeatures = a.itemFeatures(p, s.itemFeatures());
        SceneStages stages = a.stages(p, s.stages());
        return new RequestPlan(recalls, filters, sorts, rank, userFeatures, itemFeatures, stages,
                a.applied.isEmpty() ? List.of() : List.copyOf(a.applied), a.rankScore);
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

        /** What the request's debug output says a parameter did (only collected for debug requests). */
        private final List<Applied> applied = new ArrayList<>(2);
        /** The {@code RankScore} a {@code rankconf} / {@code rankscore} parameter set; null: the configured one. */
        private String rankScore;
        /** Whether some {@code pipelines.*} or {@code recall.*} key is set (else the pipelines are not looked at). */
        private boolean componentParams;

        private void applied(String param, String effect) {
            if (ctx.debug()) {
                ctx.log("INFO", "module=experiment\texp_id=" + ctx.experimentId() + "\tparam=" + param + "\t" + effect);
                applied.add(new Applied(param, effect));
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
                applied(key, "recalls=" + names);
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
                        applied(param, "replaced the configured recall '" + r.name() + "'");
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
                applied("filterNames", "filters=" + (names == null ? List.of() : names));
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
                        applied(param, "replaced the configured " + kind + " '" + c.name() + "'");
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
                    applied(key, "sorts=" + names);
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
            rankScore = !rankscore.isEmpty() ? rankscore : rankScoreOf(rankconf);
            applied(param + (rankconf != null && !rankscore.isEmpty() ? ",rankscore" : ""),
                    "replaced RankConf." + scene + (rankscore.isEmpty() ? "" : "\tRankScore=" + rankscore));
            return r.get();
        }

        FeatureStage itemFeatures(Map<String, Object> p, FeatureStage configured) {
            String name = text(p.get("features.scene.name"));
            if (name.isEmpty() || name.equals(scene)) {
                return configured;
            }
            Optional<FeatureStage> f = x.features(name, false, problem("features.scene.name"));
            applied("features.scene.name", "item features of scene '" + name + "'");
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
            applied("user_features", "user features of scenes " + scenes);
            return out;
        }

        /**
         * Parameters PAI-Rec reads that have no meaning here, reported (debug log, count) rather than
         * silently dropped: {@code recall.<name>.{includeRecalls,excludeRecalls,beABParams}} belong to
         * PAI-Rec's BE multi-biz and recall-engine recalls, which the engine does not have (a config naming
         * those types is refused at start). {@code debugConfig} is read by the scene's debug log
         * ({@link io.recengine.core.debuglog.SceneDebugLog}); one that is not a valid {@code DebugConfig} is
         * reported here and the scene's {@code DebugConfs} entry applies, as in PAI-Rec.
         */
        void unsupported(Map<String, Object> p, SceneStages stages) {
            for (String key : p.keySet()) {
                componentParams |= key.startsWith("pipelines.") || key.startsWith("recall.");
                if (key.equals(SceneDebugLog.PARAM)) {
                    if (SceneDebugLog.paramConfig(p.get(key)).isEmpty()) {
                        problem(key).report(ExperimentStages.NOT_SUPPORTED, "not applied: not a valid DebugConfig"
                                + " (Rate 0..100, OutputType one of " + DebugLogConfig.KNOWN_OUTPUTS
                                + " or empty, FilePath for file); the scene's DebugConfs applies");
                    }
                } else if (key.startsWith("recall.") && (key.endsWith(".includeRecalls") || key.endsWith(".excludeRecalls")
                        || key.endsWith(".beABParams"))) {
                    problem(key).report(ExperimentStages.NOT_SUPPORTED, "not applied: only PAI-Rec's BE multi-biz and"
                            + " recall-engine recalls read it, and the engine has neither");
                } else if (key.startsWith("pipelines.") && !knownPipelineParam(key, stages)) {
                    problem(key).report(ExperimentStages.UNKNOWN, "not applied: scene '" + scene + "' has no such"
                            + " pipeline in PipelineConfs, or the key is not one of " + PIPELINE_KEYS);
                }
            }
        }

        private static boolean knownPipelineParam(String key, SceneStages stages) {
            int dot = key.lastIndexOf('.');
            if (dot <= "pipelines.".length() || !PIPELINE_KEYS.contains(key.substring(dot + 1))) {
                return false;
            }
            String name = key.substring("pipelines.".length(), dot);
            for (SubPipeline sp : stages.pipelines().pipelines()) {
                if (sp.name().equals(name)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The coarse rank, cold-start rank and mini-pipelines with their parameters applied:
         * {@code generalRankConf} and {@code coldStartGeneralRankConf} (whole {@code GeneralRankConfig} /
         * {@code ColdStartGeneralRankConfig} objects; the cold-start one only where there is a coarse rank),
         * {@code coldStartRankConf} (a whole {@code ColdStartRankConfig}), {@code pipelines.<name>.<key>}
         * (one key of a {@code PipelineConfs} entry) and {@code recall.<name>} for a pipeline's recalls.
         */
        SceneStages stages(Map<String, Object> p, SceneStages configured) {
            GeneralRankStage general = configured.generalRankStage();
            ColdStartRank cold = configured.coldStartRank();
            SubPipelines pipelines = configured.pipelines();
            boolean changed = false;
            Map<?, ?> gen = p.get("generalRankConf") instanceof Map<?, ?> m ? m : null;
            Map<?, ?> coldGen = p.get("coldStartGeneralRankConf") instanceof Map<?, ?> m ? m : null;
            if (gen != null || coldGen != null) {
                String param = gen != null ? "generalRankConf" : "coldStartGeneralRankConf";
                Map<?, ?> g = gen != null ? gen : x.configured("GeneralRankConfs", scene);
                if (g == null) {
                    // PAI-Rec reads the cold-start coarse rank only inside a coarse rank
                    problem(param).report(ExperimentStages.NOT_APPLIED, "not applied: scene '" + scene
                            + "' has no coarse rank (GeneralRankConfs." + scene + " or generalRankConf)");
                } else {
                    Map<?, ?> c = coldGen != null ? coldGen : x.configured("ColdStartGeneralRankConfs", scene);
                    Optional<GeneralRankStage> v = x.generalRank(scene, g, c, problem(param));
                    if (v.isPresent()) {
                        general = v.get();
                        changed = true;
                        if (gen != null) {
                            applied("generalRankConf", (x.configured("GeneralRankConfs", scene) == null
                                    ? "added a coarse rank (no GeneralRankConfs." + scene + ")"
                                    : "replaced GeneralRankConfs." + scene));
                        }
                        if (coldGen != null) {
                            applied("coldStartGeneralRankConf", (x.configured("ColdStartGeneralRankConfs", scene) == null
                                    ? "added a cold-start coarse rank" : "replaced ColdStartGeneralRankConfs." + scene));
                        }
                    }
                }
            }
            if (p.get("coldStartRankConf") instanceof Map<?, ?> m) {
                Optional<ColdStartRank> v = x.coldStartRank(scene, m, problem("coldStartRankConf"));
                if (v.isPresent()) {
                    cold = v.get();
                    changed = true;
                    applied("coldStartRankConf", (configured.coldStartRank() == null
                            ? "added a cold-start rank (no ColdStartRankConfs." + scene + ")"
                            : "replaced ColdStartRankConfs." + scene));
                }
            }
            SubPipelines replaced = pipelines(p, pipelines);
            if (replaced != pipelines) {
                pipelines = replaced;
                changed = true;
            }
            return changed ? configured.with(general, cold, pipelines) : configured;
        }

        /** The mini-pipelines with their {@code pipelines.<name>.*} and recall clone parameters applied. */
        private SubPipelines pipelines(Map<String, Object> p, SubPipelines configured) {
            List<SubPipeline> list = configured.pipelines();
            if (list.isEmpty() || !componentParams) {
                return configured;
            }
            List<Map<?, ?>> confs = x.configuredPipelines(scene);
            List<SubPipeline> out = null;
            for (int i = 0; i < list.size() && i < confs.size(); i++) {
                SubPipeline sp = list.get(i);
                String prefix = "pipelines." + sp.name() + ".";
                Map<String, Object> over = new LinkedHashMap<>();
                for (String key : PIPELINE_KEYS) {
                    Object v = p.get(prefix + key);
                    if (v == null) {
                        continue;
                    }
                    switch (key) {
                        // present at all: PAI-Rec runs exactly those recalls (none when not a list)
                        case "RecallNames" -> over.put(key, names(v) == null ? List.of() : names(v));
                        // an empty list keeps the pipeline's own
                        case "FilterNames", "SortNames" -> {
                            if (names(v) != null && !names(v).isEmpty()) {
                                over.put(key, names(v));
                            }
                        }
                        case "FeatureLoadConfs" -> {
                            if (v instanceof List<?>) {
                                over.put(key, v);
                            }
                        }
                        default -> {
                            if (v instanceof Map<?, ?>) {
                                over.put(key, v);
                            }
                        }
                    }
                    if (!over.containsKey(key)) {
                        problem(prefix + key).report(ExperimentStages.BAD_CONFIG, "not applied: "
                                + (key.endsWith("Names") ? "a non-empty list of names" : key.equals("FeatureLoadConfs")
                                ? "a list" : "an object") + " expected");
                    }
                }
                Map<String, Object> conf = new LinkedHashMap<>();
                confs.get(i).forEach((k, v) -> conf.put(String.valueOf(k), v));
                over.keySet().forEach(k -> conf.keySet().removeIf(c -> c.equalsIgnoreCase(k)));
                conf.putAll(over);
                Map<String, ComponentCatalog.NamedRecall> clones = new LinkedHashMap<>();
                for (String n : ComponentConfig.of(prefix, conf).stringList("RecallNames")) {
                    if (p.get("recall." + n) instanceof Map<?, ?> c) {
                        x.recall(n, c, problem("recall." + n)).ifPresent(r -> clones.put(n, r));
                    }
                }
                if (over.isEmpty() && clones.isEmpty()) {
                    continue;
                }
                Optional<SubPipeline> v = x.pipeline(scene, sp.name(), conf, clones, problem("pipelines." + sp.name()));
                if (v.isPresent()) {
                    out = out == null ? new ArrayList<>(list) : out;
                    out.set(i, v.get());
                    applied("pipelines." + sp.name(), "replaced PipelineConfs." + scene + "[" + i + "] "
                            + (over.isEmpty() ? "" : "keys " + over.keySet()) + (clones.isEmpty() ? ""
                            : (over.isEmpty() ? "" : " and ") + "recalls " + clones.keySet() + " by their recall.<name> configs"));
                }
            }
            return out == null ? configured : configured.with(out);
        }

        private static String rankScoreOf(Map<?, ?> rankconf) {
            for (Map.Entry<?, ?> e : rankconf.entrySet()) {
                if ("RankScore".equalsIgnoreCase(String.valueOf(e.getKey()))) {
                    return text(e.getValue());
                }
            }
            return "";
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
