package io.recengine.plugin.hologres;

import io.recengine.spi.Plugin;

/** Hologres plugin: datasource, feature DAO, recalls, exposure filter. */
public final class HologresPlugin implements Plugin {

    @Override
    public String name() {
        return "hologres";
    }
}
