package io.recengine.plugin.easyrec;

import com.google.protobuf.InvalidProtocolBufferException;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.ArrayProto;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.PredictResponse;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "TensorFlow"}: posts the batch
 * as a TensorFlow {@code PredictRequest} ({@link TfRequests}; {@code EasConf.SignatureName},
 * {@code EasConf.Outputs} as the output filter) and reads the {@code PredictResponse} with
 * {@code EasConf.ResponseFuncName}: {@code tfResponseFunc} (one score per item: the {@code float_val} of
 * the first of {@code Outputs}, or of the only output, or of the first by name) or
 * {@code tfMutValResponseFunc} (every output's {@code float_val}, scored as {@code <algo>_<output>}).
 */
public final class TensorFlowRanker implements Ranker {

    public static final String SINGLE = "tfResponseFunc";
    public static final String MUT_VAL = "tfMutValResponseFunc";
    static final List<String> FUNCTIONS = List.of(SINGLE, MUT_VAL);
    static final Map<String, String> EMBEDDING = Map.of("tfUseEmbResponseFunc",
            "reads one user embedding (the first string tensor of outputs); no PAI-Rec module reads that answer"
                    + " (PAI-Rec's vector recalls take EasyRec's easyrecUserEmbResponseFunc), and it answers no score"
                    + " per item, so it cannot rank");

    private final String name;
    private final EasSettings settings;
    private final EasHttp http;
    private final PluginMetrics metrics;

    TensorFlowRanker(String name, EasSettings settings, PluginMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.http = new EasHttp(name, "EAS", settings);
        this.metrics = metrics;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        byte[] body = TfRequests.build(FeatureRows.of(request), settings.signatureName(), settings.outputs())
                .toByteArray();
        long t0 = System.nanoTime();
        byte[] answer = http.post(body, "application/octet-stream", null);
        metrics.recordNanos("tensorflow.request", System.nanoTime() - t0, "algo", name);
        PredictResponse resp;
        try {
            resp = PredictResponse.parseFrom(answer);
        } catch (InvalidProtocolBufferException e) {
            throw EasHttp.garbage(name, "a TensorFlow PredictResponse", answer, e);
        }
        return parse(settings.function(), name, settings.outputs(), request.items().size(), resp);
    }

    static List<ItemScores> parse(String function, String algo, List<String> wanted, int n, PredictResponse resp) {
        Map<String, ArrayProto> outputs = resp.getOutputsMap();
        if (outputs.isEmpty()) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "PredictResponse has no outputs");
        }
        List<ItemScores> out = new ArrayList<>(n);
        if (SINGLE.equals(function)) {
            String first = wanted.stream().filter(outputs::containsKey).findFirst()
                    .orElseGet(() -> new TreeMap<>(outputs).firstKey());
            ArrayProto a = outputs.get(first);
            need(algo, first, a, n);
            for (int i = 0; i < n; i++) {
                out.add(ItemScores.of(a.getFloatVal(i)));
            }
            return out;
        }
        for (Map.Entry<String, ArrayProto> e : outputs.entrySet()) {
            need(algo, e.getKey(), e.getValue(), n);
        }
        for (int i = 0; i < n; i++) {
            Map<String, Double> scores = new HashMap<>(outputs.size() * 2);
            for (Map.Entry<String, ArrayProto> e : outputs.entrySet()) {
                scores.put(e.getKey(), (double) e.getValue().getFloatVal(i));
            }
            out.add(ItemScores.of(scores));
        }
        return out;
    }

    private static void need(String algo, String output, ArrayProto a, int n) {
        if (a.getFloatValCount() < n) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "output " + output + " has "
                    + a.getFloatValCount() + " float values for " + n + " items");
        }
    }

    /** Builds {@link TensorFlowRanker}s for {@code EasConf.Processor = "TensorFlow"}. */
    public static final class Factory extends Processors {

        public Factory() {
            super("TensorFlow", "EasConf", FUNCTIONS, EMBEDDING, TensorFlowRanker::new);
        }
    }
}
