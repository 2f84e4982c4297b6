package io.recengine.plugin.easyrec;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;

import java.util.List;

/**
 * {@code EasConf.Processor "TFServing"}: PAI-Rec calls TF Serving's gRPC {@code PredictionService} here.
 * This build ships no gRPC stack, so such an algo is refused at start, naming the REST way that works
 * ({@code Type "TFSERVING"} with {@code TFservingConf}, {@link TfServingRanker}).
 */
final class TfServingGrpc implements RankerFactory {

    @Override
    public String type() {
        return "TFServing";
    }

    @Override
    public List<ConfigException> check(ComponentConfig config) {
        return List.of(refusal(config));
    }

    @Override
    public Ranker create(ComponentConfig config, PluginContext context) {
        throw refusal(config);
    }

    private static ConfigException refusal(ComponentConfig config) {
        return new ConfigException("algo " + config.component(), "EasConf.Processor", "\"TFServing\" calls TF Serving"
                + " over gRPC, which RecEngine does not support; use \"Type\": \"TFSERVING\" with a TFservingConf"
                + " block (Url of the REST predict API, e.g. http://<host>:8501/v1/models/<model>:predict)");
    }
}
