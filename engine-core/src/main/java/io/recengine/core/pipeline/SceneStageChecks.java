package io.recengine.core.pipeline;

import io.recengine.core.config.EngineConfig;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.plugin.ComponentKind;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.core.rank.RankConf;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks of what {@link SceneStages} builds inside {@code GeneralRankConfs},
 * {@code ColdStartGeneralRankConfs} and {@code PipelineConfs}: their {@code FeatureLoadConfs} (as a
 * scene's {@code FeatureConfs}) and their {@code RankConf} expressions (as a scene's {@code RankConf});
 * and a {@code FallbackConfig}'s {@code CacheConfig} ({@link SceneFallback.CacheSettings}).
 * Names inside them are the config validator's ({@code Sections}). In the shape of
 * {@code ConfigValidator.ExtraCheck}.
 */
public final class SceneStageChecks {

    private SceneStageChecks() {
    }

    public static void check(EngineConfig config, PluginRegistry registry, List<ConfigException> problems) {
        Set<String> adapters = registry.types(ComponentKind.FEATURE_DAO);
        ComponentConfig root = config.root();
        for (String section : List.of("GeneralRankConfs", "ColdStartGeneralRankConfs")) {
            if (root.raw(section) instanceof Map<?, ?>) {
                root.childMap(section).forEach((scene, g) -> generalRank(section + "." + scene, g, adapters, problems));
            }
        }
        if (root.raw("SceneConfs") instanceof Map<?, ?>) {
            root.childMap("SceneConfs").forEach((scene, categories) -> {
                if (categories.raw("default") instanceof Map<?, ?> def && def.get("FallbackConfig") instanceof Map<?, ?>) {
                    try {
                        SceneFallback.CacheSettings.read(categories.child("default").child("FallbackConfig"));
                    } catch (ConfigException e) {
                        problems.add(e);
                    }
                }
            });
        }
        if (root.raw("PipelineConfs") instanceof Map<?, ?> pipelines) {
            pipelines.forEach((scene, list) -> {
                if (!(list instanceof List<?>)) {
                    return; // reported by the config validator
                }
                List<ComponentConfig> ps = ComponentConfig.of("PipelineConfs", Map.of("p", list)).children("p");
                for (int i = 0; i < ps.size(); i++) {
                    String where = "PipelineConfs." + scene + "[" + i + "]";
                    ComponentConfig p = ps.get(i);
                    featureLoads(where, p.raw("FeatureLoadConfs"), adapters, problems);
                    if (p.has("RankConf")) {
                        problems.addAll(RankConf.check(where + ".RankConf", p.child("RankConf")));
                    }
                    if (p.has("GeneralRankConf")) {
                        generalRank(where + ".GeneralRankConf", p.child("GeneralRankConf"), adapters, problems);
                    }
                }
            });
        }
    }

    private static void generalRank(String where, ComponentConfig g, Set<String> adapters, List<ConfigException> problems) {
        featureLoads(where, g.raw("FeatureLoadConfs"), adapters, problems);
        if (g.has("RankConf")) {
            problems.addAll(RankConf.check(where + ".RankConf", g.child("RankConf")));
        }
    }

    private static void featureLoads(String where, Object loads, Set<String> adapters, List<ConfigException> problems) {
        if (loads == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FeatureLoadConfs", loads);
        problems.addAll(FeatureStage.check(ComponentConfig.of(where, m), false, adapters));
    }
}
