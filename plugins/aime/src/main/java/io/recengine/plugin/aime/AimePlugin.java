package io.recengine.plugin.aime;

import io.recengine.spi.Plugin;
import io.recengine.spi.RecallFactory;

import java.util.List;

/** AIME recall plugin: BeRecall against AIME /be endpoints or the embedded match engine. */
public final class AimePlugin implements Plugin {

    @Override
    public String name() {
        return "aime";
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(new BeRecallFactory());
    }
}
