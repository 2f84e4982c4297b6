package io.recengine.plugin.easyrec;

import com.google.protobuf.InvalidProtocolBufferException;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.plugin.easyrec.proto.PredictProtos.TorchRecPBResponse;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "EasyRec"}: posts the batch
 * as a {@code PBRequest} to {@code EasConf.Url} and reads the answer with {@code EasConf.ResponseFuncName}:
 * a {@code PBResponse} (EasyRec), or a {@code TorchRecPBResponse} for the {@code torchrec*} functions
 * (TorchEasyRec, which PAI-Rec calls through the same processor). Client behaviour: {@link EasHttp}.
 */
public final class EasyRecRanker implements Ranker {

    private static final Logger LOG = LoggerFactory.getLogger(EasyRecRanker.class);

    private final String name;
    private final String function;
    private final EasHttp http;
    private final PluginMetrics metrics;

    EasyRecRanker(String name, EasSettings s, PluginMetrics metrics) {
        this.name = name;
        this.function = s.function();
        this.http = new EasHttp(name, "EAS", s);
        this.metrics = metrics;
    }

    public String function() {
        return function;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        List<String> ids = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            ids.add(item.id());
        }
        byte[] body = PBRequests.build(request).toByteArray();
        long t0 = System.nanoTime();
        byte[] answer = http.post(body, "application/octet-stream", null);
        metrics.recordNanos("easyrec.request", System.nanoTime() - t0, "algo", name);
        if (PBResponses.isTorch(function)) {
            TorchRecPBResponse resp;
            try {
                resp = TorchRecPBResponse.parseFrom(answer);
            } catch (InvalidProtocolBufferException e) {
                throw EasHttp.garbage(name, "a TorchRecPBResponse", answer, e);
            }
            return PBResponses.parseTorch(function, name, ids, resp);
        }
        PBResponse resp;
        try {
            resp = PBResponse.parseFrom(answer);
        } catch (InvalidProtocolBufferException e) {
            throw EasHttp.garbage(name, "a PBResponse", answer, e);
        }
        return PBResponses.parse(function, name, ids, resp);
    }

    /** Builds {@link EasyRecRanker}s for {@code EasConf.Processor = "EasyRec"} (EasyRec and TorchEasyRec). */
    public static final class Factory extends Processors {

        public Factory() {
            super("EasyRec", "EasConf", PBResponses.FUNCTIONS, PBResponses.EMBEDDING_FUNCTIONS, (name, s, metrics) -> {
                String endpoint = s.endpointType();
                if (!endpoint.isEmpty() && !endpoint.equals("DEFAULT") && !endpoint.equals("DOCKER")) {
                    LOG.warn("algo {}: EndpointType {} (service discovery) is not supported; posting to Url as given",
                            name, endpoint);
                }
                return new EasyRecRanker(name, s, metrics);
            });
        }
    }
}
