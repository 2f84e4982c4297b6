package io.recengine.core.config;

import io.recengine.core.plugin.ComponentKind;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * No silent ignores: every top-level section of PAI-Rec's {@code recconf.RecommendConfig} is either read by
 * the engine, accepted with a warning (it only affects logging or observability), or refused as not
 * supported yet. The same for the keys of the sections the engine reads that it does not implement
 * ({@code SceneConfs} {@code SubRank}, {@code RankConf} {@code ASTType}, ...). Refused sections
 * still get their names checked, so that one validate run lists every problem.
 */
final class Sections {

    /** Sections the engine reads (ours included). Datasource maps ({@code *Confs}) are decided by the plugins. */
    static final Set<String> READ = EngineConfig.caseInsensitive("RunMode", "ListenConf", "UserFeatureConfs",
            "FeatureConfs", "SortNames", "FilterNames", "AlgoConfs", "RecallConfs", "FilterConfs", "SortConfs",
            "SceneConfs", "RankConf", "CallBackConfs", "DPPConf", "EngineConf", "MatchEngineConf", "GeneralRankConfs",
            "ColdStartGeneralRankConfs", "ColdStartRankConfs", "PipelineConfs", "DebugConfs");

    /** Sections that only change logging or observability: accepted, with a warning that they do nothing here. */
    static final Set<String> WARN = EngineConfig.caseInsensitive("LogConf", "PrometheusConfig",
            "Region", "UserDefineConfs", "ABTestConf");

    /** PAI-Rec sections the engine does not implement yet: running without them would change the answers. */
    static final Set<String> REFUSED = EngineConfig.caseInsensitive("BeFilterConfs",
            "EmbeddingConfs", "FeatureLogConfs");

    private Sections() {
    }

    /** The warnings for {@code config}: accepted sections that do nothing here, unknown top-level keys. */
    static List<String> warnings(EngineConfig config) {
        List<String> out = new ArrayList<>();
        for (String key : config.root().keys()) {
            if ("ABTestConf".equalsIgnoreCase(key)) {
                // PAI-Rec itself never reads it (its A/B client is configured from the environment)
                out.add("config, key " + key + ": accepted but not used; experiments come from EngineConf.ExperimentFile"
                        + " or EngineConf.Experiments (docs/experiments.md)");
            } else if (WARN.contains(key)) {
                out.add("config, key " + key + ": accepted but not used by RecEngine (logging and metrics have "
                        + "their own settings here)");
            } else if (!READ.contains(key) && !REFUSED.contains(key) && !isDatasourceMap(key)) {
                out.add("config, key " + key + ": not a PAI-Rec or RecEngine section; ignored (a typo?)");
            }
        }
        return out;
    }

    static boolean isDatasourceMap(String key) {
        return key.toLowerCase().endsWith("confs") && !READ.contains(key) && !REFUSED.contains(key)
                && !WARN.contains(key);
    }

    /**
     * The problems: refused sections and keys, datasource maps no loaded plugin reads, and the names inside
     * refused sections that do not resolve.
     */
    static void check(EngineConfig config, PluginRegistry registry, Set<String> recalls, Set<String> filters,
                      Set<String> sorts, Set<String> algos, List<ConfigException> problems) {
        ComponentConfig root = config.root();
        for (String key : root.keys()) {
            if (REFUSED.contains(key) && !empty(root.raw(key))) {
                problems.add(new ConfigException("config", key, "not supported yet: RecEngine would run without it."
                        + " Remove the section, or keep PAI-Rec for this config"));
            }
        }
        config.datasourceMaps().forEach((mapKey, entries) -> {
            if (!entries.isEmpty() && factory(registry, mapKey) == null && !callbackSinkMap(registry, mapKey)) {
                problems.add(new ConfigException("config", mapKey, "not supported yet: no loaded plugin reads "
                        + mapKey + ". Supported: " + registry.types(ComponentKind.DATASOURCE)));
            }
        });
        config.scenes().forEach((scene, cats) -> cats.forEach((cat, cc) -> {
            ComponentConfig c = cc.config();
            for (String k : List.of("SubRank")) {
                if (c.has(k) && !empty(c.raw(k))) {
                    problems.add(new ConfigException("SceneConfs." + scene + "." + cat, k, "not supported yet"));
                }
            }
        }));
        config.rankConfs().forEach((scene, rc) -> rankConf("RankConf." + scene, rc, problems));
        config.callBackConfs().forEach((scene, cb) -> {
            if (cb.has("RankConf")) {
                rankConf("CallBackConfs." + scene + ".RankConf", cb.child("RankConf"), problems);
            }
        });
        references(config, recalls, filters, sorts, algos, problems);
        RankSections.check(config, registry, recalls, algos, problems);
        conditionSorts(config, sorts, problems);
    }

    /** A {@code ConditionSort} names other sorts: they must exist, and not be the sort itself. */
    private static void conditionSorts(EngineConfig config, Set<String> sorts, List<ConfigException> problems) {
        for (ComponentConfig c : config.sortConfs()) {
            if (!"ConditionSort".equals(c.string("SortType"))) {
                continue;
            }
            String who = "sort " + c.component();
            ComponentConfig confs = c.child("ConditionSortConfs");
            List<ComponentConfig> branches = confs.children("SortConfs");
            for (int i = 0; i < branches.size(); i++) {
                sortName(who, "ConditionSortConfs.SortConfs[" + i + "].SortName", branches.get(i).string("SortName"),
                        c.name(), sorts, problems);
            }
            sortName(who, "ConditionSortConfs.DefaultSortName", confs.string("DefaultSortName"), c.name(), sorts, problems);
        }
    }

    private static void sortName(String who, String key, String name, String self, Set<String> sorts,
                                 List<ConfigException> problems) {
        if (name.isEmpty()) {
            return;
        }
        if (name.equals(self)) {
            problems.add(new ConfigException(who, key, "names the sort itself"));
        } else if (!sorts.contains(name) && !EngineConfig.ITEM_RANK_SCORE.equals(name)) {
            TreeSet<String> known = new TreeSet<>(sorts);
            known.add(EngineConfig.ITEM_RANK_SCORE);
            problems.add(new ConfigException(who, key, "'" + name + "' is not defined in SortConfs or DPPConf. Defined: " + known));
        }
    }

    private static void rankConf(String where, ComponentConfig rc, List<ConfigException> problems) {
        String ast = rc.has("ASTType") && rc.raw("ASTType") instanceof String s ? s : "";
        if (!ast.isEmpty()) {
            problems.add(new ConfigException(where, "ASTType", "'" + ast + "' is not supported yet; leave it out"
                    + " for PAI-Rec's default expression language"));
        }
    }

    /** Names inside GeneralRankConfs, ColdStartGeneralRankConfs and PipelineConfs, checked like the other sections. */
    private static void references(EngineConfig config, Set<String> recalls, Set<String> filters, Set<String> sorts,
                                   Set<String> algos, List<ConfigException> problems) {
        ComponentConfig root = config.root();
        for (String section : List.of("GeneralRankConfs", "ColdStartGeneralRankConfs")) {
            if (!(root.raw(section) instanceof Map)) {
                continue;
            }
            root.childMap(section).forEach((scene, g) -> {
                String where = section + "." + scene;
                generalRank(where, g, filters, sorts, algos, problems);
                names(where, "RecallNames", g.stringList("RecallNames"), recalls, EngineConfig.CONTEXT_ITEM_RECALL,
                        "RecallConfs", problems);
            });
        }
        if (root.raw("PipelineConfs") instanceof Map<?, ?> pipelines) {
            for (Object scene : pipelines.keySet()) {
                Object list = pipelines.get(scene);
                if (!(list instanceof List<?>)) {
                    continue;
                }
                ComponentConfig holder = ComponentConfig.of("PipelineConfs", Map.of("p", list));
                List<ComponentConfig> ps = holder.children("p");
                for (int i = 0; i < ps.size(); i++) {
                    ComponentConfig p = ps.get(i);
                    String where = "PipelineConfs." + scene + "[" + i + "]";
                    names(where, "RecallNames", p.stringList("RecallNames"), recalls, EngineConfig.CONTEXT_ITEM_RECALL,
                            "RecallConfs", problems);
                    names(where, "FilterNames", p.stringList("FilterNames"), filters, EngineConfig.UNIQUE_FILTER,
                            "FilterConfs", problems);
                    names(where, "SortNames", p.stringList("SortNames"), sorts, EngineConfig.ITEM_RANK_SCORE,
                            "SortConfs or DPPConf", problems);
                    algoNames(where + ".RankConf", p.child("RankConf"), algos, problems);
                    if (p.has("GeneralRankConf")) {
                        generalRank(where + ".GeneralRankConf", p.child("GeneralRankConf"), filters, sorts, algos, problems);
                    }
                }
            }
        }
    }

    private static void generalRank(String where, ComponentConfig g, Set<String> filters, Set<String> sorts,
                                    Set<String> algos, List<ConfigException> problems) {
        algoNames(where + ".RankConf", g.child("RankConf"), algos, problems);
        List<ComponentConfig> actions = g.children("ActionConfs");
        for (int i = 0; i < actions.size(); i++) {
            ComponentConfig a = actions.get(i);
            String type = a.string("ActionType");
            String name = a.string("ActionName");
            String at = where + ".ActionConfs[" + i + "]";
            if (type.equals("filter")) {
                names(at, "ActionName", List.of(name), filters, EngineConfig.UNIQUE_FILTER, "FilterConfs", problems);
            } else if (type.equals("sort")) {
                names(at, "ActionName", List.of(name), sorts, EngineConfig.ITEM_RANK_SCORE, "SortConfs or DPPConf", problems);
            } else {
                problems.add(new ConfigException(at, "ActionType", "want \"filter\" or \"sort\", got \"" + type + "\""));
            }
        }
    }

    private static void algoNames(String where, ComponentConfig rc, Set<String> algos, List<ConfigException> problems) {
        for (String a : rc.stringList("RankAlgoList")) {
            if (!algos.contains(a)) {
                problems.add(new ConfigException(where, "RankAlgoList", "algo '" + a
                        + "' is not defined in AlgoConfs. Defined: " + new TreeSet<>(algos)));
            }
        }
    }

    private static void names(String where, String key, List<String> names, Set<String> defined, String builtin,
                              String section, List<ConfigException> problems) {
        for (String n : names) {
            if (!defined.contains(n) && !builtin.equals(n)) {
                TreeSet<String> known = new TreeSet<>(defined);
                known.add(builtin);
                problems.add(new ConfigException(where, key, "'" + n + "' is not defined in " + section
                        + ". Defined: " + known));
            }
        }
    }

    /** {@code FileConfs} and the like: read by the callback sink of that type ({@code DataSource.Name}). */
    private static boolean callbackSinkMap(PluginRegistry registry, String mapKey) {
        String type = mapKey.substring(0, mapKey.length() - "Confs".length());
        return registry.types(ComponentKind.CALLBACK_SINK).stream().anyMatch(type::equalsIgnoreCase);
    }

    private static Object factory(PluginRegistry registry, String mapKey) {
        if (registry.datasource(mapKey).isPresent()) {
            return registry.datasource(mapKey).get();
        }
        for (String t : registry.types(ComponentKind.DATASOURCE)) {
            if (t.equalsIgnoreCase(mapKey)) {
                return t;
            }
        }
        return null;
    }

    private static boolean empty(Object v) {
        return v == null || v instanceof Map<?, ?> m && m.isEmpty() || v instanceof List<?> l && l.isEmpty()
                || v instanceof String s && s.isEmpty();
    }
}
