package io.recengine.plugin.aime;

import io.recengine.spi.Plugin;

/** AIME recall plugin: BeRecall against AIME /be endpoints or the embedded match engine. */
public final class AimePlugin implements Plugin {

    @Override
    public String name() {
        return "aime";
    }
}
