package io.recengine.plugin.datahub;

import io.recengine.spi.Plugin;

/** DataHub callback sink plugin (aliyun-sdk-datahub), shipped as an isolated plugin folder. */
public final class DatahubPlugin implements Plugin {

    @Override
    public String name() {
        return "datahub";
    }
}
