package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code AlgoConfs[]} with {@code Type "TFSERVING"} and a {@code TFservingConf} block: TF Serving's REST
 * predict API as PAI-Rec calls it. The request is
 * {@code {"signature_name": SignatureName, "inputs": {feature: [one value per item]}, "output_filter": Outputs}}
 * (empty keys left out; the features of {@link FeatureRows}, lists and maps included as JSON); the answer's
 * {@code "outputs"} rows are read in order, every number one item's score ({@code tfservingResponseFunc},
 * the only response function PAI-Rec has here). No {@code Authorization} header: PAI-Rec sends none.
 */
public final class TfServingRanker implements Ranker {

    public static final String FUNCTION = "tfservingResponseFunc";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final EasSettings settings;
    private final EasHttp http;
    private final PluginMetrics metrics;

    TfServingRanker(String name, EasSettings settings, PluginMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.http = new EasHttp(name, "TF Serving", settings.uri(), "", settings.timeoutMs(), settings.attempts());
        this.metrics = metrics;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        List<Map<String, Object>> rows = FeatureRows.of(request);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(body(rows));
        } catch (IOException e) {
            throw new ComponentException(name, ComponentException.Kind.INTERNAL, "cannot write the request: " + e, e);
        }
        long t0 = System.nanoTime();
        byte[] answer = http.post(body, "application/json", null);
        metrics.recordNanos("tfserving.request", System.nanoTime() - t0, "algo", name);
        return parse(name, answer, rows.size());
    }

    private ObjectNode body(List<Map<String, Object>> rows) {
        ObjectNode root = JSON.createObjectNode();
        if (!settings.signatureName().isEmpty()) {
            root.put("signature_name", settings.signatureName());
        }
        ObjectNode inputs = root.putObject("inputs");
        for (String feature : FeatureRows.names(rows)) {
            ArrayNode column = inputs.putArray(feature);
            for (Map<String, Object> row : rows) {
                column.addPOJO(row.get(feature));
            }
        }
        if (!settings.outputs().isEmpty()) {
            ArrayNode filter = root.putArray("output_filter");
            settings.outputs().forEach(filter::add);
        }
        return root;
    }

    /** Every number of {@code "outputs"} (rows of numbers, or numbers), in order: one per item. */
    static List<ItemScores> parse(String algo, byte[] answer, int n) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw EasHttp.garbage(algo, "JSON", answer, e);
        }
        JsonNode outputs = root == null ? null : root.get("outputs");
        if (outputs == null || !outputs.isArray()) {
            throw EasHttp.garbage(algo, "a TF Serving predict answer with an \"outputs\" array", answer, null);
        }
        List<ItemScores> out = new ArrayList<>(n);
        for (JsonNode row : outputs) {
            if (row.isNumber()) {
                out.add(ItemScores.of(row.doubleValue()));
                continue;
            }
            for (JsonNode v : row) {
                if (!v.isNumber()) {
                    throw EasHttp.garbage(algo, "rows of numbers in \"outputs\"", answer, null);
                }
                out.add(ItemScores.of(v.doubleValue()));
            }
        }
        if (out.size() != n) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                    "TF Serving answered " + out.size() + " scores for " + n + " items");
        }
        return out;
    }

    /** Builds {@link TfServingRanker}s for {@code Type = "TFSERVING"}. */
    public static final class Factory extends Processors {

        public Factory() {
            super("TFSERVING", "TFservingConf", List.of(FUNCTION), Map.of(), TfServingRanker::new);
        }
    }
}
