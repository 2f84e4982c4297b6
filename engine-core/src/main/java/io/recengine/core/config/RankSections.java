package io.recengine.core.config;

import io.recengine.core.plugin.ComponentKind;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up checks of the sections around the scene's rank that {@link Sections} does not cover by name:
 * {@code ColdStartRankConfs} (and a pipeline's {@code ColdStartRankConf}), the scene keys of
 * {@code GeneralRankConfs} / {@code ColdStartGeneralRankConfs} / {@code ColdStartRankConfs} /
 * {@code PipelineConfs}, and {@code FallbackConfig}. Feature loads and rank expressions inside them are
 * checked where those stages are built ({@code pipeline.SceneStageChecks}).
 */
final class RankSections {

    private static final String FALLBACK = "FallbackConfig";

    private RankSections() {
    }

    static void check(EngineConfig config, PluginRegistry registry, Set<String> recalls, Set<String> algos,
                      List<ConfigException> problems) {
        ComponentConfig root = config.root();
        Set<String> scenes = config.scenes().keySet();
        for (String section : List.of("GeneralRankConfs", "ColdStartGeneralRankConfs", "ColdStartRankConfs", "PipelineConfs")) {
            Object raw = root.raw(section);
            if (raw == null) {
                continue;
            }
            if (!(raw instanceof Map<?, ?> m)) {
                problems.add(new ConfigException("config", section, "expected an object of scene -> config"));
                continue;
            }
            for (Object scene : m.keySet()) {
                if (!scenes.contains(String.valueOf(scene))) {
                    problems.add(new ConfigException(section, String.valueOf(scene), "scene '" + scene
                            + "' is not in SceneConfs, so this entry is never used. Scenes: " + new TreeSet<>(scenes)));
                }
            }
        }
        Map<String, ComponentConfig> general = map(root, "GeneralRankConfs");
        map(root, "ColdStartGeneralRankConfs").keySet().forEach(scene -> {
            if (!general.containsKey(scene)) {
                problems.add(new ConfigException("ColdStartGeneralRankConfs", scene, "has no effect without "
                        + "GeneralRankConfs." + scene + " (PAI-Rec coarse-ranks cold-start recalls only beside a coarse rank)"));
            }
        });
        map(root, "ColdStartRankConfs").forEach((scene, c) ->
                coldStartRank("ColdStartRankConfs." + scene, c, true, recalls, algos, problems));
        if (root.raw("PipelineConfs") instanceof Map<?, ?> pipelines) {
            pipelines.forEach((scene, list) -> {
                String where = "PipelineConfs." + scene;
                if (!(list instanceof List<?>)) {
                    problems.add(new ConfigException("PipelineConfs", String.valueOf(scene), "expected a list of pipelines"));
                    return;
                }
                List<ComponentConfig> ps = ComponentConfig.of("PipelineConfs", Map.of("p", list)).children("p");
                Set<String> names = new TreeSet<>();
                for (int i = 0; i < ps.size(); i++) {
                    ComponentConfig p = ps.get(i);
                    String name = p.string("Name");
                    if (!name.isEmpty() && !names.add(name)) { // experiment params name pipelines
                        problems.add(new ConfigException(where + "[" + i + "]", "Name", "duplicate pipeline name '" + name + "'"));
                    }
                    if (p.has("ColdStartRankConf") && !p.child("ColdStartRankConf").isEmpty()) {
                        coldStartRank(where + "[" + i + "].ColdStartRankConf", p.child("ColdStartRankConf"), false,
                                recalls, algos, problems);
                    }
                }
            });
        }
        config.scenes().forEach((scene, cats) -> cats.forEach((cat, cc) -> {
            ComponentConfig c = cc.config();
            if (!c.has(FALLBACK) || c.raw(FALLBACK) == null) {
                return;
            }
            String where = "SceneConfs." + scene + "." + cat;
            if (!"default".equals(cat)) {
                problems.add(new ConfigException(where, FALLBACK, "is read only in the \"default\" category "
                        + "(SceneConfs." + scene + ".default." + FALLBACK + "); move it there"));
            } else if (!(c.raw(FALLBACK) instanceof Map<?, ?>)) {
                problems.add(new ConfigException(where, FALLBACK, "expected an object"));
            } else {
                fallback(where + "." + FALLBACK, c.child(FALLBACK), registry, problems);
            }
        }));
    }

    private static void coldStartRank(String where, ComponentConfig c, boolean needsRecall, Set<String> recalls,
                                      Set<String> algos, List<ConfigException> problems) {
        try {
            String recall = c.string("RecallName");
            if (needsRecall && recall.isEmpty()) {
                problems.add(new ConfigException(where, "RecallName", "is required: the recall whose items this model ranks"));
            } else if (needsRecall && !recalls.contains(recall) && !EngineConfig.CONTEXT_ITEM_RECALL.equals(recall)) {
                TreeSet<String> known = new TreeSet<>(recalls);
                known.add(EngineConfig.CONTEXT_ITEM_RECALL);
                problems.add(new ConfigException(where, "RecallName", "'" + recall + "' is not defined in RecallConfs. Defined: " + known));
            }
            String algo = c.string("AlgoName");
            if (!algo.isEmpty() && !algos.contains(algo)) {
                problems.add(new ConfigException(where, "AlgoName", "algo '" + algo + "' is not defined in AlgoConfs. Defined: "
                        + new TreeSet<>(algos)));
            }
            if (c.bool("OnlyEmbeddingFeature", false)) {
                problems.add(new ConfigException(where, "OnlyEmbeddingFeature", "true is not supported yet (the model "
                        + "gets the user's and items' features); remove it or set false"));
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private static void fallback(String where, ComponentConfig c, PluginRegistry registry, List<ConfigException> problems) {
        try {
            int timeout = c.integer("Timeout", 0);
            if (timeout <= 0) {
                problems.add(new ConfigException(where, "Timeout", "must be a positive number of milliseconds "
                        + "(the scene answers the fallback list past it), got " + c.raw("Timeout")));
            }
            if (c.integer("CacheTime", 0) < 0) {
                problems.add(new ConfigException(where, "CacheTime", "must be seconds >= 0 (0: the default 7200)"));
            }
            c.bool("CompleteItemsIfNeed", false);
            String adapter = c.string("AdapterType");
            Set<String> daos = new TreeSet<>(registry.types(ComponentKind.FEATURE_DAO));
            if (adapter.isEmpty()) {
                problems.add(new ConfigException(where, "AdapterType", "is required: the feature DAO that reads the "
                        + "list (row \"-1\", field item_ids)" + (c.string("FeatureStoreName").isEmpty() ? ""
                        : "; PAI-Rec's FeatureStore is not available here") + ". Known: " + daos));
                return;
            }
            var factory = registry.featureDao(adapter);
            if (factory.isEmpty()) {
                problems.add(new ConfigException(where, "AdapterType", "unknown feature DAO '" + adapter + "'. Known: " + daos));
                return;
            }
            Map<String, Object> daoConf = new LinkedHashMap<>(c.asMap());
            daoConf.put("FeatureStore", "item");
            problems.addAll(factory.get().check(ComponentConfig.of(c.path(), daoConf)));
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private static Map<String, ComponentConfig> map(ComponentConfig root, String section) {
        return root.raw(section) instanceof Map<?, ?> ? root.childMap(section) : Map.of();
    }
}
