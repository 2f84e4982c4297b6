package io.recengine.spi;

/**
 * PAI-Rec's {@code FeatureKey} of a feature DAO ({@code FeatureDaoConf}): the property whose value keys the
 * rows. A user store reads {@code user:<property>} (typically {@code user:uid}); an item store reads
 * {@code item:id} or nothing (the item's own id) or {@code item:<property>}.
 */
public final class FeatureKey {

    private FeatureKey() {
    }

    /**
     * The property named by {@code config}'s {@code FeatureKey}, or null for an item store keyed by the item's
     * own id. Throws {@link ConfigException} naming the key and the accepted forms.
     */
    public static String property(ComponentConfig config, boolean userStore) {
        String featureKey = config.string("FeatureKey");
        if (!userStore && (featureKey.isEmpty() || "item:id".equals(featureKey))) {
            return null;
        }
        String[] parts = featureKey.split(":", 2);
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw new ConfigException(config.component(), "FeatureKey", "must be "
                    + (userStore ? "user:<property>" : "item:id or item:<property>") + ", got '" + featureKey + "'");
        }
        return parts[1];
    }
}
