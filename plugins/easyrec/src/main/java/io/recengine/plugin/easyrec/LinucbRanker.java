package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "Linucb"}: the LinUCB bandit
 * service PAI-Rec's cold-start rank calls. The body is
 * {@code {"request_id", "scene", "algo", "user_id", "items": [ids], "limit": batch size,
 * "user_feature": {...}, "item_features": [one object per item]}}; the answer
 * {@code {"error_code": 0, "error_message": "", "data": [{"id": ..., "score": ...}]}} scores items by id
 * (an id it leaves out scores 0); a non-zero {@code error_code} fails the batch. PAI-Rec reads this
 * answer itself, so {@code ResponseFuncName} is empty or {@code LinucbResponseFunc}.
 */
public final class LinucbRanker implements Ranker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final EasHttp http;
    private final PluginMetrics metrics;

    LinucbRanker(String name, EasSettings settings, PluginMetrics metrics) {
        this.name = name;
        this.http = new EasHttp(name, "EAS", settings);
        this.metrics = metrics;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("request_id", request.context().requestId());
        body.put("scene", request.context().sceneId());
        body.put("algo", name);
        body.put("user_id", request.user().id());
        List<String> ids = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            ids.add(item.id());
        }
        body.putPOJO("items", ids);
        body.put("limit", ids.size());
        body.putPOJO("user_feature", request.user().properties());
        List<Map<String, Object>> features = new ArrayList<>(ids.size());
        for (Item item : request.items()) {
            features.add(item.properties());
        }
        body.putPOJO("item_features", features);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ComponentException(name, ComponentException.Kind.INTERNAL, "cannot write the request: " + e, e);
        }
        long t0 = System.nanoTime();
        byte[] answer = http.post(bytes, "application/json", null);
        metrics.recordNanos("linucb.request", System.nanoTime() - t0, "algo", name);
        return parse(name, answer, ids);
    }

    static List<ItemScores> parse(String algo, byte[] answer, List<String> ids) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw EasHttp.garbage(algo, "JSON", answer, e);
        }
        if (root == null || !root.isObject()) {
            throw EasHttp.garbage(algo, "a Linucb answer object", answer, null);
        }
        if (root.path("error_code").asInt(0) != 0) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "Linucb error "
                    + root.path("error_code").asInt() + ": " + root.path("error_message").asText(""));
        }
        Map<String, Double> byId = new HashMap<>();
        for (JsonNode d : root.path("data")) {
            byId.put(d.path("id").asText(), d.path("score").asDouble(0));
        }
        List<ItemScores> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(ItemScores.of(byId.getOrDefault(id, 0.0)));
        }
        return out;
    }

    /** Builds {@link LinucbRanker}s for {@code EasConf.Processor = "Linucb"}. */
    public static final class Factory extends Processors {

        public Factory() {
            // PAI-Rec reads the answer itself and ignores the name: empty, or the name of its Go function
            super("Linucb", "EasConf", List.of("", "LinucbResponseFunc"), Map.of(), LinucbRanker::new);
        }
    }
}
