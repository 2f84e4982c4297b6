package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code validate} refuses what start-up refuses: the factories' {@code check} of the exposure, item state
 * and boost-by-weight components names the component, the key and what is expected.
 */
class HologresChecksTest {

    private static List<String> check(ComponentFactory<?> f, String path, Map<String, Object> conf) {
        return f.check(ComponentConfig.of(path, conf)).stream().map(ConfigException::getMessage).toList();
    }

    private static ComponentFactory<?> filter(String type) {
        return new HologresPlugin().filterFactories().stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void badExposureConfigsAreFoundByCheck() {
        List<String> problems = check(filter("User2ItemExposureWithConditionFilter"), "FilterConfs[0]", Map.of("Name", "e",
                "FilterTypeVersion", "v9", "MaxItems", -1, "GenerateItemDataExpr", "item_id",
                "DaoConf", Map.of("AdapterType", "hologres", "HologresName", "holo")));
        assertThat(problems).hasSize(4)
                .anyMatch(m -> m.contains("FilterTypeVersion") && m.contains("known: [v1, v2]"))
                .anyMatch(m -> m.contains("MaxItems") && m.contains(">= 0"))
                .anyMatch(m -> m.contains("GenerateItemDataExpr") && m.contains("not supported"))
                .anyMatch(m -> m.contains("DaoConf.HologresTableName") && m.contains("is required"));
    }

    @Test
    void badItemStateAndBoostConfigsAreFoundByCheck() {
        assertThat(check(filter("ItemStateFilter"), "FilterConfs[0]", Map.of("Name", "s", "ItemStateCacheSize", -5,
                "ItemStateDaoConf", Map.of("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "t",
                        "DefaultFieldValues", "x"))))
                .hasSize(3)
                .anyMatch(m -> m.contains("ItemStateDaoConf.ItemFieldName") && m.contains("is required"))
                .anyMatch(m -> m.contains("ItemStateDaoConf.DefaultFieldValues") && m.contains("want an object"))
                .anyMatch(m -> m.contains("ItemStateCacheSize") && m.contains(">= 0"));
        assertThat(check(new HologresPlugin().sortFactories().get(0), "SortConfs[0]", Map.of("Name", "b",
                "TimeInterval", -1, "BoostScoreByWeightDao", Map.of("AdapterType", "hologres", "HologresName", "holo",
                        "HologresTableName", "w", "ItemFieldName", "id"))))
                .hasSize(2)
                .anyMatch(m -> m.contains("BoostScoreByWeightDao.WeightFieldName") && m.contains("is required"))
                .anyMatch(m -> m.contains("TimeInterval") && m.contains(">= 0"));
    }
}
