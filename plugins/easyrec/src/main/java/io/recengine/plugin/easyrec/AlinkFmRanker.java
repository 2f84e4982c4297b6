package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "ALINK_FM"}: an Alink FM model
 * on EAS as PAI-Rec calls it. The body is the JSON array of {@link FeatureRows} (one object per item),
 * compressed as a raw Snappy block; the answer is a JSON array in item order of
 * {@code {"prediction_result": r, "prediction_score": s}}, scored {@code s}, or {@code 1 - s} when the
 * predicted class {@code r} is 0 ({@code alinkFMResponseFunc}).
 */
public final class AlinkFmRanker implements Ranker {

    public static final String FUNCTION = "alinkFMResponseFunc";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final EasHttp http;
    private final PluginMetrics metrics;

    AlinkFmRanker(String name, EasSettings settings, PluginMetrics metrics) {
        this.name = name;
        this.http = new EasHttp(name, "EAS", settings);
        this.metrics = metrics;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        byte[] body;
        try {
            body = Snappy.compress(JSON.writeValueAsBytes(FeatureRows.of(request)));
        } catch (IOException e) {
            throw new ComponentException(name, ComponentException.Kind.INTERNAL, "cannot write the request: " + e, e);
        }
        long t0 = System.nanoTime();
        byte[] answer = http.post(body, "application/octet-stream", null);
        metrics.recordNanos("alinkfm.request", System.nanoTime() - t0, "algo", name);
        return parse(name, answer, request.items().size());
    }

    static List<ItemScores> parse(String algo, byte[] answer, int n) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw EasHttp.garbage(algo, "JSON", answer, e);
        }
        if (root == null || !root.isArray()) {
            throw EasHttp.garbage(algo, "a JSON array of predictions", answer, null);
        }
        if (root.size() != n) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                    "ALINK_FM answered " + root.size() + " predictions for " + n + " items");
        }
        List<ItemScores> out = new ArrayList<>(n);
        for (JsonNode p : root) {
            double result = p.path("prediction_result").asDouble(0);
            double score = p.path("prediction_score").asDouble(0);
            out.add(ItemScores.of(result == 0 ? 1 - score : score));
        }
        return out;
    }

    /** Builds {@link AlinkFmRanker}s for {@code EasConf.Processor = "ALINK_FM"}. */
    public static final class Factory extends Processors {

        public Factory() {
            super("ALINK_FM", "EasConf", List.of(FUNCTION), Map.of(), AlinkFmRanker::new);
        }
    }
}
