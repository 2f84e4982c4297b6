package io.recengine.plugin.easyrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.plugin.easyrec.proto.PredictProtos;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.TorchRecPBResponse;
import io.recengine.plugin.easyrec.proto.TfPredictProtos;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.PredictRequest;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.PredictResponse;
import io.recengine.plugin.easyrec.proto.TfServingProtos;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the fake model servers answer, each decoding the real request and encoding the real answer.
 * Every model scores ctr = 0.001 * (n + 1) from the item's number n (its id's digits, or its {@code n}
 * feature where the processor sends no ids) and cvr = 0.5.
 */
final class ModelAnswers {

    static final ObjectMapper JSON = new ObjectMapper();

    private ModelAnswers() {
    }

    static double ctr(long n) {
        return 0.001 * (n + 1);
    }

    /** TorchEasyRec: probs_ctr as DT_FLOAT, probs_cvr as DT_DOUBLE, shape [batch]. */
    static byte[] torch(byte[] body) {
        try {
            PBRequest req = PBRequest.parseFrom(body);
            PredictProtos.ArrayProto.Builder ctr = PredictProtos.ArrayProto.newBuilder()
                    .setDtype(PredictProtos.ArrayDataType.DT_FLOAT)
                    .setArrayShape(PredictProtos.ArrayShape.newBuilder().addDim(req.getItemIdsCount()));
            PredictProtos.ArrayProto.Builder cvr = PredictProtos.ArrayProto.newBuilder()
                    .setDtype(PredictProtos.ArrayDataType.DT_DOUBLE)
                    .setArrayShape(PredictProtos.ArrayShape.newBuilder().addDim(req.getItemIdsCount()));
            TorchRecPBResponse.Builder b = TorchRecPBResponse.newBuilder();
            for (String id : req.getItemIdsList()) {
                ctr.addFloatVal((float) ctr(Long.parseLong(id.replaceAll("\\D", ""))));
                cvr.addDoubleVal(0.5);
                b.putGenerateFeatures(id, "fg_" + id);
            }
            return b.putMapOutputs("probs_ctr", ctr.build()).putMapOutputs("probs_cvr", cvr.build()).build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TensorFlow on EAS: outputs probs_ctr and probs_cvr (float_val) from the int input {@code n}. */
    static byte[] tensorflow(byte[] body) {
        try {
            PredictRequest req = PredictRequest.parseFrom(body);
            TfPredictProtos.ArrayProto n = req.getInputsOrThrow("n");
            TfPredictProtos.ArrayProto.Builder ctr = TfPredictProtos.ArrayProto.newBuilder()
                    .setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT);
            TfPredictProtos.ArrayProto.Builder cvr = TfPredictProtos.ArrayProto.newBuilder()
                    .setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT);
            for (int i = 0; i < n.getIntValCount(); i++) {
                ctr.addFloatVal((float) ctr(n.getIntVal(i)));
                cvr.addFloatVal(0.5f);
            }
            return PredictResponse.newBuilder().putOutputs("probs_ctr", ctr.build()).putOutputs("probs_cvr", cvr.build())
                    .build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TF Serving REST: {"outputs": [[ctr], ...]} from the JSON input column {@code n}. */
    static byte[] tfServing(byte[] body) {
        try {
            JsonNode req = JSON.readTree(body);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode rows = out.putArray("outputs");
            for (JsonNode n : req.get("inputs").get("n")) {
                rows.addArray().add(ctr(n.asLong()));
            }
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * TF Serving over gRPC: outputs probs_ctr and probs_cvr (float_val, shape [batch]) from the int input
     * {@code n}, only those {@code output_filter} names when it names any (as TF Serving does).
     */
    static byte[] tfServingGrpc(byte[] body) {
        try {
            TfServingProtos.PredictRequest req = TfServingProtos.PredictRequest.parseFrom(body);
            TfServingProtos.TensorProto n = req.getInputsOrThrow("n");
            TfServingProtos.TensorShapeProto shape = TfServingProtos.TensorShapeProto.newBuilder()
                    .addDim(TfServingProtos.TensorShapeProto.Dim.newBuilder().setSize(n.getIntValCount())).build();
            TfServingProtos.TensorProto.Builder ctr = TfServingProtos.TensorProto.newBuilder()
                    .setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT).setTensorShape(shape);
            TfServingProtos.TensorProto.Builder cvr = TfServingProtos.TensorProto.newBuilder()
                    .setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT).setTensorShape(shape);
            for (int i = 0; i < n.getIntValCount(); i++) {
                ctr.addFloatVal((float) ctr(n.getIntVal(i)));
                cvr.addFloatVal(0.5f);
            }
            TfServingProtos.PredictResponse.Builder out = TfServingProtos.PredictResponse.newBuilder()
                    .setModelSpec(req.getModelSpec());
            if (req.getOutputFilterCount() == 0 || req.getOutputFilterList().contains("probs_ctr")) {
                out.putOutputs("probs_ctr", ctr.build());
            }
            if (req.getOutputFilterCount() == 0 || req.getOutputFilterList().contains("probs_cvr")) {
                out.putOutputs("probs_cvr", cvr.build());
            }
            return out.build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * TF Serving's example model {@code saved_model_half_plus_two_cpu} (the one PAI-Rec's
     * {@code TestGrpcRequest} calls): output {@code y = x / 2 + 2} of the float input {@code x}.
     */
    static byte[] halfPlusTwo(byte[] body) {
        try {
            TfServingProtos.PredictRequest req = TfServingProtos.PredictRequest.parseFrom(body);
            TfServingProtos.TensorProto x = req.getInputsOrThrow("x");
            TfServingProtos.TensorProto.Builder y = TfServingProtos.TensorProto.newBuilder()
                    .setDtype(TfPredictProtos.ArrayDataType.DT_FLOAT).setTensorShape(x.getTensorShape());
            for (float v : x.getFloatValList()) {
                y.addFloatVal(v / 2 + 2);
            }
            return TfServingProtos.PredictResponse.newBuilder().setModelSpec(req.getModelSpec())
                    .putOutputs("y", y.build()).build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ALINK_FM: a Snappy block of a JSON array of rows in, predictions out (class 1, score ctr). */
    static byte[] alinkFm(byte[] body) {
        try {
            JsonNode rows = JSON.readTree(Snappy.uncompress(body));
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode row : rows) {
                out.addObject().put("prediction_result", 1).put("prediction_score", ctr(row.get("n").asLong()));
            }
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Linucb: scores by id, in reverse order (the answer is matched by id). */
    static byte[] linucb(byte[] body) {
        try {
            JsonNode req = JSON.readTree(body);
            ObjectNode out = JSON.createObjectNode().put("error_code", 0).put("error_message", "");
            ArrayNode data = out.putArray("data");
            JsonNode items = req.get("items");
            for (int i = items.size() - 1; i >= 0; i--) {
                String id = items.get(i).asText();
                data.addObject().put("id", id).put("score", ctr(Long.parseLong(id.replaceAll("\\D", ""))));
            }
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
