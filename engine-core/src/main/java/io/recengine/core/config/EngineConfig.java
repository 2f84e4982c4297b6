package io.recengine.core.config;

import io.recengine.spi.ComponentConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PAI-Rec config ({@code recconf.RecommendConfig}) as typed views over the JSON tree. Immutable.
 * Only the keys the engine itself reads have accessors; components read their own objects.
 */
public final class EngineConfig {

    /** Recall, filter and sort names PAI-Rec registers in code, usable without a *Confs entry. */
    public static final String CONTEXT_ITEM_RECALL = "ContextItemRecall";
    public static final String UNIQUE_FILTER = "UniqueFilter";
    public static final String ITEM_RANK_SCORE = "ItemRankScore";

    /** Top-level maps that are not datasources although their names end in {@code Confs}. */
    private static final Set<String> NON_DATASOURCE_MAPS = caseInsensitive(
            "SceneConfs", "RecallConfs", "FilterConfs", "BeFilterConfs", "SortConfs", "AlgoConfs",
            "GeneralRankConfs", "ColdStartGeneralRankConfs", "ColdStartRankConfs", "FeatureConfs",
            "UserFeatureConfs", "PipelineConfs", "CallBackConfs", "EmbeddingConfs", "DebugConfs",
            "FeatureLogConfs", "UserDefineConfs");

    private final ComponentConfig root;
    private final String source;
    private final Path baseDir;

    EngineConfig(ComponentConfig root, String source, Path baseDir) {
        this.root = root;
        this.source = source;
        this.baseDir = baseDir;
    }

    public ComponentConfig root() {
        return root;
    }

    /** Where the config came from (file path), for messages. */
    public String source() {
        return source;
    }

    /** The directory relative paths in the config are resolved against; may be null. */
    public Path baseDir() {
        return baseDir;
    }

    public int httpPort() {
        int p = root.child("ListenConf").integer("HttpPort", 0);
        return p <= 0 ? 8000 : p;
    }

    public String httpAddr() {
        return root.child("ListenConf").string("HttpAddr");
    }

    public String runMode() {
        return root.string("RunMode", "daily");
    }

    /** {@code SceneConfs}: scene -> category -> category config. */
    public Map<String, Map<String, CategoryConfig>> scenes() {
        Map<String, Map<String, CategoryConfig>> out = new LinkedHashMap<>();
        root.childMap("SceneConfs").forEach((scene, cats) -> {
            Map<String, CategoryConfig> byCat = new LinkedHashMap<>();
            cats.entries().forEach((cat, cc) -> byCat.put(cat, new CategoryConfig(scene, cat, cc)));
            out.put(scene, byCat);
        });
        return out;
    }

    public List<ComponentConfig> recallConfs() {
        return root.children("RecallConfs");
    }

    public List<ComponentConfig> filterConfs() {
        return root.children("FilterConfs");
    }

    public List<ComponentConfig> sortConfs() {
        return root.children("SortConfs");
    }

    /** {@code DPPConf}: each entry is registered as a sort under its {@code Name}. */
    public List<ComponentConfig> dppConfs() {
        return root.children("DPPConf");
    }

    public List<ComponentConfig> algoConfs() {
        return root.children("AlgoConfs");
    }

    public Map<String, List<String>> filterNames() {
        return root.stringListMap("FilterNames");
    }

    public Map<String, List<String>> sortNames() {
        return root.stringListMap("SortNames");
    }

    public Map<String, ComponentConfig> rankConfs() {
        return root.childMap("RankConf");
    }

    public Map<String, ComponentConfig> featureConfs() {
        return root.childMap("FeatureConfs");
    }

    public Map<String, ComponentConfig> userFeatureConfs() {
        return root.childMap("UserFeatureConfs");
    }

    public Map<String, ComponentConfig> callBackConfs() {
        return root.childMap("CallBackConfs");
    }

    /** Our own engine settings ({@code EngineConf}); PAI-Rec ignores the key. */
    public ComponentConfig engineConf() {
        return root.child("EngineConf");
    }

    /**
     * Every top-level datasource map ({@code HologresConfs}, {@code KafkaConfs}, {@code BEConfs}, ...):
     * map key as written -> entry name -> entry.
     */
    public Map<String, Map<String, ComponentConfig>> datasourceMaps() {
        Map<String, Map<String, ComponentConfig>> out = new LinkedHashMap<>();
        for (String key : root.keys()) {
            if (key.toLowerCase().endsWith("confs") && !NON_DATASOURCE_MAPS.contains(key)
                    && root.raw(key) instanceof Map) {
                out.put(key, root.childMap(key));
            }
        }
        return out;
    }

    /** The datasource map whose key equals {@code type} case-insensitively, or an empty map. */
    public Map<String, ComponentConfig> datasourceMap(String type) {
        for (Map.Entry<String, Map<String, ComponentConfig>> e : datasourceMaps().entrySet()) {
            if (e.getKey().equalsIgnoreCase(type)) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    static Set<String> caseInsensitive(String... names) {
        TreeSet<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(List.of(names));
        return s;
    }
}
