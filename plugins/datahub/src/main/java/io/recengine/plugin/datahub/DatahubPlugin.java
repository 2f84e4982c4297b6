package io.recengine.plugin.datahub;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.Plugin;

import java.util.List;

/** DataHub callback sink plugin (aliyun-sdk-datahub), shipped as an isolated plugin folder. */
public final class DatahubPlugin implements Plugin {

    @Override
    public String name() {
        return "datahub";
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new DatahubCallbackSink.Factory());
    }

    /**
     * {@code DatahubConfs}: every entry is checked by {@code validate} as the sink reads it at start-up
     * ({@link DatahubSettings}); the datasource is the settings alone, the sink owns the client.
     */
    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(DatasourceFactory.ofSettings(DatahubSettings.MAP, DatahubSettings.SECRET_KEYS,
                DatahubSettings::read));
    }
}
