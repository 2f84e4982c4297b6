package io.recengine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** PAI-Rec's FeatureKey forms, as every feature DAO of a store reads them. */
class FeatureKeyTest {

    private static ComponentConfig conf(String featureKey) {
        return ComponentConfig.of("FeatureConfs.home.FeatureDaoConf[0]", featureKey == null ? Map.of() : Map.of("FeatureKey", featureKey));
    }

    @Test
    void anItemStoreIsKeyedByTheItemIdUnlessAPropertyIsNamed() {
        assertNull(FeatureKey.property(conf(null), false));
        assertNull(FeatureKey.property(conf("item:id"), false));
        assertEquals("video_id", FeatureKey.property(conf("item:video_id"), false));
    }

    @Test
    void aUserStoreNeedsItsProperty() {
        assertEquals("uid", FeatureKey.property(conf("user:uid"), true));
        ConfigException e = assertThrows(ConfigException.class, () -> FeatureKey.property(conf(null), true));
        assertTrue(e.getMessage().contains("FeatureKey") && e.getMessage().contains("user:<property>"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> FeatureKey.property(conf("item:"), false));
        assertTrue(e.getMessage().contains("item:id or item:<property>, got 'item:'"), e.getMessage());
    }
}
