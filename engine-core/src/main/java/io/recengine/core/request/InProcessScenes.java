package io.recengine.core.request;

import io.recengine.core.config.CategoryConfig;
import io.recengine.core.experiment.Experiments;
import io.recengine.core.generation.EngineGeneration;
import io.recengine.core.pipeline.ComponentCatalog;
import io.recengine.core.pipeline.RequestPlan;
import io.recengine.core.pipeline.ScenePipeline;
import io.recengine.core.plugin.ClassLoaderSafeFilter;
import io.recengine.core.plugin.ClassLoaderSafeSort;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.rank.RankConf;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.RecContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which scenes' feeds run entirely on the calling thread and never wait for another one: every recall,
 * feature DAO and rank model of the scene is {@code inProcess()} (the embedded match engine, the
 * {@code detail_table} DAO, the {@code Local} ranker), its filters and sorts are the engine's built-ins
 * (no I/O), and it has none of the stages that run on a pool while the request thread waits (coarse rank,
 * cold-start rank, {@code PipelineConfs}, {@code FallbackConfig}) and no experiment that could swap its
 * components per request. The protocol layer serves such a scene on its I/O thread without a hand-off;
 * anything it cannot tell for sure counts as "may block". Answers are kept per generation (a reload
 * builds a new one). Thread-safe.
 */
public final class InProcessScenes {

    private static final String[] STAGE_SECTIONS = {"GeneralRankConfs", "ColdStartGeneralRankConfs",
            "ColdStartRankConfs", "PipelineConfs"};

    private volatile Answers answers = new Answers(null);

    /** True when a feed of {@code scene} on generation {@code g} runs on the caller alone. */
    public boolean test(EngineGeneration g, String scene) {
        Answers a = answers;
        if (a.generation != g) {
            a = new Answers(g);
            answers = a;
        }
        Boolean known = a.byScene.get(scene);
        if (known == null) {
            known = compute(g, scene);
            if (a.byScene.size() < MAX_SCENES) {
                a.byScene.put(scene, known);
            }
        }
        return known;
    }

    /** Request scene ids are client text: unknown ones are answered without being kept past this many. */
    private static final int MAX_SCENES = 1024;

    private record Answers(EngineGeneration generation, Map<String, Boolean> byScene) {
        Answers(EngineGeneration generation) {
            this(generation, new ConcurrentHashMap<>());
        }
    }

    static boolean compute(EngineGeneration g, String scene) {
        try {
            Experiments experiments = g.experiments();
            if (experiments != null && experiments.covers(scene)) {
                return false;
            }
            ComponentConfig root = g.config().root();
            for (String section : STAGE_SECTIONS) {
                if (root.raw(section) instanceof Map<?, ?> m && m.containsKey(scene)) {
                    return false;
                }
            }
            Map<String, CategoryConfig> categories = g.config().scenes().getOrDefault(scene, Map.of());
            for (CategoryConfig c : categories.values()) {
                if (c.config().has("FallbackConfig")) {
                    return false;
                }
            }
            if (!rankersInProcess(g, scene)) {
                return false;
            }
            ScenePipeline pipeline = g.pipeline(scene);
            List<String> names = new ArrayList<>(categories.keySet());
            names.add("default_category");
            for (String category : names) {
                // no experiment parameters: the plan is the scene's configured stages
                RecContext ctx = RecContext.builder("").sceneId(scene).category(category).build();
                if (!planInProcess(pipeline.plan(ctx))) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            // a scene this check cannot read is served where blocking is allowed
            return false;
        }
    }

    private static boolean rankersInProcess(EngineGeneration g, String scene) {
        ComponentConfig rankConf = g.config().rankConfs().get(scene);
        if (rankConf == null) {
            return true;
        }
        ComponentCatalog catalog = g.catalog();
        for (String algo : RankConf.parse("RankConf." + scene, rankConf).algos()) {
            if (!catalog.ranker(algo).map(r -> r.inProcess()).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean planInProcess(RequestPlan plan) {
        if (plan.recalls() != null) {
            for (ComponentCatalog.NamedRecall r : plan.recalls()) {
                if (!r.recall().inProcess()) {
                    return false;
                }
            }
        }
        for (FeatureStage stage : plan.userFeatures()) {
            if (!daosInProcess(stage)) {
                return false;
            }
        }
        if (!daosInProcess(plan.itemFeatures())) {
            return false;
        }
        for (ComponentCatalog.Named<io.recengine.spi.Filter> f : plan.filters()) {
            Object own = f.component() instanceof ClassLoaderSafeFilter safe ? safe.unwrap() : f.component();
            if (!builtIn(own)) {
                return false;
            }
        }
        for (ComponentCatalog.Named<io.recengine.spi.Sort> s : plan.sorts()) {
            Object own = s.component() instanceof ClassLoaderSafeSort safe ? safe.unwrap() : s.component();
            if (!builtIn(own)) {
                return false;
            }
        }
        return true;
    }

    private static boolean daosInProcess(FeatureStage stage) {
        if (stage == null) {
            return true;
        }
        for (FeatureDao dao : stage.daos()) {
            if (!dao.inProcess()) {
                return false;
            }
        }
        return true;
    }

    /** The engine's own components (loaded with it, not from a plugin folder): known to do no I/O. */
    private static boolean builtIn(Object component) {
        Class<?> type = component.getClass();
        return type.getClassLoader() == InProcessScenes.class.getClassLoader()
                && type.getName().startsWith("io.recengine.core.");
    }
}
