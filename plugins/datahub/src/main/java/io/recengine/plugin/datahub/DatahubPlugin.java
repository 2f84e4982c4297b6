package io.recengine.plugin.datahub;

import io.recengine.spi.CallbackSinkFactory;
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
}
