package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.plugin.easyrec.proto.PredictProtos.ArrayDataType;
import io.recengine.plugin.easyrec.proto.PredictProtos.ArrayProto;
import io.recengine.plugin.easyrec.proto.PredictProtos.ContextFeatures;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBFeature;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.plugin.easyrec.proto.PredictProtos.Results;
import io.recengine.plugin.easyrec.proto.PredictProtos.StatusCode;
import io.recengine.plugin.easyrec.proto.PredictProtos.TorchRecPBResponse;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ItemScores;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code PBResponse} as PAI-Rec's {@code algorithm/eas/easyrec_response.go}: results by item id
 * in request order (the response's own {@code item_ids} are ignored), a missing id scores 0.
 */
public final class PBResponses {

    /** Shared, thread-safe: the {@code context_features} column is written with it. */
    private static final JsonFactory JSON = new JsonFactory();

    public static final String SINGLE = "easyrecResponseFunc";
    public static final String MUT_VAL = "easyrecMutValResponseFunc";
    public static final String MUT_CLASSIFICATION = "easyrecMutClassificationResponseFunc";
    public static final String DEBUG = "Debug";

    public static final String TORCH_MUT_VAL = "torchrecMutValResponseFunc";
    public static final String TORCH_MUT_CLASSIFICATION = "torchrecMutClassificationResponseFunc";

    /**
     * The response functions of {@code EasConf.Processor "EasyRec"} that score items, and their
     * {@code Debug} variants; the {@code torchrec*} ones read TorchEasyRec's {@code TorchRecPBResponse}.
     */
    public static final List<String> FUNCTIONS = List.of(SINGLE, SINGLE + DEBUG, MUT_VAL, MUT_VAL + DEBUG,
            MUT_CLASSIFICATION, MUT_CLASSIFICATION + DEBUG, TORCH_MUT_VAL, TORCH_MUT_VAL + DEBUG,
            TORCH_MUT_CLASSIFICATION, TORCH_MUT_CLASSIFICATION + DEBUG);

    /**
     * PAI-Rec's other response functions of this processor, each with what PAI-Rec does with its answer.
     * None of them scores the items of a rank batch: they read an embedding, or the items the model's own
     * vector index retrieves, for a recall or trigger that runs before ranking (or for PAI-Rec's embedding
     * API). That work belongs to a recall, not to a ranker, so a rank algo with one of them is refused.
     */
    public static final Map<String, String> EMBEDDING_FUNCTIONS = embeddingFunctions();

    private static Map<String, String> embeddingFunctions() {
        String notHere = "; it answers no score per item, so it cannot rank, and RecEngine has no such recall";
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("easyrecUserEmbResponseFunc", "reads one user embedding (the first string tensor of tf_outputs), which"
                + " PAI-Rec's OnlineHologresVectorRecall and BE UserVectorTrigger use as the query vector of a vector"
                + " recall" + notHere);
        m.put("easyrecUserRealtimeEmbeddingResponseFunc", "reads a user embedding (the floats of tf_outputs) and the"
                + " model's own nearest items (results: id and score), which PAI-Rec's BE UserRealtimeEmbeddingTrigger"
                + " sends to BE as trigger items" + notHere);
        m.put("easyrecUserRealtimeEmbeddingMindResponseFunc", "reads multi-interest user embeddings (user_interests)"
                + " and the model's own nearest items (match_item_ids, match_item_scores), which PAI-Rec's BE"
                + " UserRealtimeEmbeddingMindTrigger sends to BE as trigger items" + notHere);
        m.put("torchrecEmbeddingResponseFunc", "reads one embedding vector (the float tensor of map_outputs), which"
                + " PAI-Rec's embedding API (/api/embedding, EmbeddingConfs) answers to its caller; it answers no"
                + " score per item, so it cannot rank, and RecEngine has no embedding API");
        String items = "reads the items TorchEasyRec's own vector index retrieves for the user (item_ids with"
                + " match_item_scores), which PAI-Rec's OnlineVectorRecall returns as its candidates";
        m.put("torchrecEmbeddingItemsResponseFunc", items + notHere);
        m.put("torchrecEmbeddingItemsResponseFuncDebug", items + " (with the generated features, for debugging)"
                + notHere);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Whether {@code function} reads a {@code TorchRecPBResponse}. */
    public static boolean isTorch(String function) {
        return function.startsWith("torchrec");
    }

    private PBResponses() {
    }

    /**
     * One {@link ItemScores} per id of {@code ids}.
     *
     * @param function a name of {@link #FUNCTIONS}
     * @param algo     the algo name (classification vectors are stored as property {@code <algo>_<output>})
     * @throws ComponentException on a non-OK status or a malformed response
     */
    public static List<ItemScores> parse(String function, String algo, List<String> ids, PBResponse resp) {
        if (resp.getStatusCode() != StatusCode.OK) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                    "EasyRec status " + resp.getStatusCode() + ": " + resp.getErrorMsg());
        }
        boolean debug = function.endsWith(DEBUG);
        String base = debug ? function.substring(0, function.length() - DEBUG.length()) : function;
        List<ItemScores> out = new ArrayList<>(ids.size());
        switch (base) {
            case SINGLE -> {
                for (String id : ids) {
                    Results r = resp.getResultsMap().get(id);
                    double s = r != null && r.getScoresCount() > 0 ? r.getScores(0) : 0;
                    out.add(debug ? ItemScores.of(Map.of("", s), debugFeatures(resp, id)) : ItemScores.of(s));
                }
            }
            case MUT_VAL -> {
                List<String> outputs = resp.getOutputsList();
                for (String id : ids) {
                    Results r = resp.getResultsMap().get(id);
                    Map<String, Double> scores = new HashMap<>(outputs.size() * 2);
                    if (r != null && !(debug && r.getScoresCount() == 0)) {
                        if (r.getScoresCount() != outputs.size()) {
                            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                                    "outputs size is not equal scores: " + outputs.size() + " outputs, "
                                            + r.getScoresCount() + " scores for item " + id);
                        }
                        for (int k = 0; k < outputs.size(); k++) {
                            scores.put(outputs.get(k), r.getScores(k));
                        }
                    } else {
                        for (String o : outputs) {
                            scores.put(o, 0.0);
                        }
                    }
                    out.add(debug ? ItemScores.of(scores, debugFeatures(resp, id)) : ItemScores.of(scores));
                }
            }
            case MUT_CLASSIFICATION -> {
                for (int i = 0; i < ids.size(); i++) {
                    Map<String, Double> scores = new HashMap<>();
                    Map<String, Object> features = debug ? new HashMap<>(debugFeatures(resp, ids.get(i))) : new HashMap<>();
                    for (Map.Entry<String, ArrayProto> e : resp.getTfOutputsMap().entrySet()) {
                        classification(algo, i, e.getKey(), e.getValue(), scores, features);
                    }
                    out.add(ItemScores.of(scores, features));
                }
            }
            default -> throw new ComponentException(algo, ComponentException.Kind.INTERNAL,
                    "unsupported ResponseFuncName " + function);
        }
        return out;
    }

    /**
     * Reads TorchEasyRec's answer: every output tensor holds the batch in request order (the response's
     * own {@code item_ids} are ignored); multi-value outputs score {@code <output>} from float or double
     * tensors, classification outputs as for EasyRec's {@code tf_outputs}.
     */
    public static List<ItemScores> parseTorch(String function, String algo, List<String> ids, TorchRecPBResponse resp) {
        boolean debug = function.endsWith(DEBUG);
        String base = debug ? function.substring(0, function.length() - DEBUG.length()) : function;
        List<ItemScores> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Map<String, Double> scores = new HashMap<>();
            Map<String, Object> features = debug ? new HashMap<>(Map.of(
                    "raw_features", resp.getRawFeaturesMap().getOrDefault(id, ""),
                    "generate_features", resp.getGenerateFeaturesMap().getOrDefault(id, ""))) : new HashMap<>();
            for (Map.Entry<String, ArrayProto> e : resp.getMapOutputsMap().entrySet()) {
                ArrayProto a = e.getValue();
                if (TORCH_MUT_VAL.equals(base)) {
                    if (a.getDtype() == ArrayDataType.DT_FLOAT) {
                        if (i >= a.getFloatValCount()) {
                            throw short_(algo, e.getKey(), a.getFloatValCount(), i + 1);
                        }
                        scores.put(e.getKey(), (double) a.getFloatVal(i));
                    } else if (a.getDtype() == ArrayDataType.DT_DOUBLE) {
                        if (i >= a.getDoubleValCount()) {
                            throw short_(algo, e.getKey(), a.getDoubleValCount(), i + 1);
                        }
                        scores.put(e.getKey(), a.getDoubleVal(i));
                    }
                } else if (TORCH_MUT_CLASSIFICATION.equals(base)) {
                    classification(algo, i, e.getKey(), a, scores, features);
                } else {
                    throw new ComponentException(algo, ComponentException.Kind.INTERNAL,
                            "unsupported ResponseFuncName " + function);
                }
            }
            out.add(ItemScores.of(scores, features));
        }
        return out;
    }

    private static void classification(String algo, int i, String output, ArrayProto a, Map<String, Double> scores,
                                       Map<String, Object> features) {
        int dims = a.getArrayShape().getDimCount();
        if (dims == 1) {
            if (i >= a.getFloatValCount()) {
                throw short_(algo, output, a.getFloatValCount(), i + 1);
            }
            scores.put(output, (double) a.getFloatVal(i));
        } else if (dims == 2) {
            int d = (int) a.getArrayShape().getDim(1);
            if ((long) (i + 1) * d > a.getFloatValCount()) {
                throw short_(algo, output, a.getFloatValCount(), (i + 1) * d);
            }
            if (d == 1) {
                scores.put(output, (double) a.getFloatVal(i));
                return;
            }
            List<Double> vector = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                double v = a.getFloatVal(i * d + j);
                scores.put(output + "_" + j, v);
                vector.add(v);
            }
            features.put(algo + "_" + output, List.copyOf(vector));
        }
    }

    private static ComponentException short_(String algo, String output, int have, int need) {
        return new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                "tf_outputs[" + output + "] has " + have + " values, needs at least " + need);
    }

    /** {@code raw_features}, {@code generate_features}, {@code context_features} (JSON array of values); {@code ""} when absent. */
    static Map<String, Object> debugFeatures(PBResponse resp, String id) {
        ContextFeatures cf = resp.getContextFeaturesMap().get(id);
        return Map.of("raw_features", resp.getRawFeaturesMap().getOrDefault(id, ""),
                "generate_features", resp.getGenerateFeaturesMap().getOrDefault(id, ""),
                "context_features", cf == null ? "" : json(cf));
    }

    private static String json(ContextFeatures cf) {
        StringWriter out = new StringWriter(32 * cf.getFeaturesCount() + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < cf.getFeaturesCount(); i++) {
                PBFeature f = cf.getFeatures(i);
                switch (f.getValueCase()) {
                    case INT_FEATURE -> g.writeNumber(f.getIntFeature());
                    case LONG_FEATURE -> g.writeNumber(f.getLongFeature());
                    case FLOAT_FEATURE -> g.writeNumber(f.getFloatFeature());
                    case DOUBLE_FEATURE -> g.writeNumber(f.getDoubleFeature());
                    case STRING_FEATURE -> g.writeString(f.getStringFeature());
                    case VALUE_NOT_SET -> g.writeNull();
                    default -> g.writeString(f.toString().trim());
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            // an in-memory target does not fail
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
