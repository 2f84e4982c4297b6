package io.recengine.plugin.aime;

import io.recengine.spi.DatasourceFactory;
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

    /**
     * {@code BEConfs}: every entry is checked by {@code validate} as BeRecall reads it at start-up
     * ({@link BeSettings}); the datasource is the settings alone, each recall owns its HTTP client.
     */
    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(DatasourceFactory.ofSettings(BeSettings.MAP, BeSettings.SECRET_KEYS, BeSettings::read));
    }
}
