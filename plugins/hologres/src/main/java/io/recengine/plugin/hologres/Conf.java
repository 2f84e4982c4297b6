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

    /**
     * The keys of {@code block} that are missing ({@code required}) as problems, so that a factory's
     * {@code check} ({@code validate}) refuses what its constructor (start-up) refuses.
     */
    static void requireAll(ComponentConfig owner, String block, java.util.List<ConfigException> problems, String... required) {
        ComponentConfig dao;
        try {
            dao = owner.child(block);
        } catch (ConfigException e) {
            problems.add(new ConfigException(owner.component(), block, "want an object"));
            return;
        }
        for (String key : required) {
            if (dao.string(key).isEmpty()) {
                problems.add(new ConfigException(owner.component(), block + "." + key, "is required"));
            }
        }
    }

    /** Throws the first of {@code problems}. */
    static void throwFirst(java.util.List<ConfigException> problems) {
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
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
