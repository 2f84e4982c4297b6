package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;

/** Config helpers shared by the Hologres components. */
final class Conf {

    private Conf() {
    }

    /**
     * The datasource of a DAO block ({@code DaoConf}, {@code UserCollaborativeDaoConf}, ...). The block's
     * {@code AdapterType}, when set, must be {@code hologres}: this plugin serves only that adapter.
     */
    static HologresDatasource datasource(ComponentConfig owner, String block, ComponentConfig dao, PluginContext context) {
        String adapter = dao.string("AdapterType");
        if (!adapter.isEmpty() && !"hologres".equals(adapter)) {
            throw new ConfigException(owner.component(), block + ".AdapterType",
                    "adapter '" + adapter + "' is not supported by the hologres plugin (only 'hologres')");
        }
        String name = dao.string("HologresName");
        if (name.isEmpty()) {
            throw new ConfigException(owner.component(), block + ".HologresName", "is required");
        }
        return context.datasource("HologresConfs", name, HologresDatasource.class);
    }

    static String require(ComponentConfig owner, String block, ComponentConfig dao, String key) {
        String v = dao.string(key);
        if (v.isEmpty()) {
            throw new ConfigException(owner.component(), block + "." + key, "is required");
        }
        return v;
    }

    /** {@code RecallCount}, PAI-Rec's default when absent is 0; we read absent or 0 as 500. */
    static int recallCount(ComponentConfig c) {
        int n = c.integer("RecallCount", 0);
        return n > 0 ? n : 500;
    }
}
