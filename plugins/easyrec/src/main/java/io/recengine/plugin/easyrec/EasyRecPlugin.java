package io.recengine.plugin.easyrec;

import io.recengine.spi.Plugin;
import io.recengine.spi.RankerFactory;

import java.util.List;

/**
 * The remote model processors PAI-Rec calls ({@code AlgoConfs[]}): EAS {@code EasConf.Processor}
 * {@code EasyRec} (EasyRec and TorchEasyRec), {@code TensorFlow}, {@code ALINK_FM}, {@code Linucb},
 * {@code TFServing} (TF Serving gRPC), and {@code Type "TFSERVING"} (TF Serving REST). {@code PMML} is the
 * pmml plugin's.
 */
public final class EasyRecPlugin implements Plugin {

    @Override
    public String name() {
        return "easyrec";
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new EasyRecRanker.Factory(), new TensorFlowRanker.Factory(), new TfServingRanker.Factory(),
                new TfServingGrpcRanker.Factory(), new AlinkFmRanker.Factory(), new LinucbRanker.Factory());
    }
}
