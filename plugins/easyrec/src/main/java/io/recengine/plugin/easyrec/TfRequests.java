package io.recengine.plugin.easyrec;

import com.google.protobuf.ByteString;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.ArrayDataType;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.ArrayProto;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.ArrayShape;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.PredictRequest;
import io.recengine.spi.Values;

import java.util.List;
import java.util.Map;

/**
 * Builds the TensorFlow processor's {@code PredictRequest}. PAI-Rec leaves this conversion to a Go
 * function the user registers; RecEngine sends what that function usually sends: every feature of
 * {@link FeatureRows} as a 1-D input of the batch size, typed from its values (all int: DT_INT32,
 * int and long: DT_INT64, all float: DT_FLOAT, other numbers: DT_DOUBLE, booleans: DT_BOOL, anything
 * else: DT_STRING of its text). A value an item lacks is 0, false or "". Lists and maps are not sent.
 */
final class TfRequests {

    private TfRequests() {
    }

    static PredictRequest build(List<Map<String, Object>> rows, String signature, List<String> outputs) {
        PredictRequest.Builder b = PredictRequest.newBuilder().setSignatureName(signature).addAllOutputFilter(outputs);
        for (String name : FeatureRows.names(rows)) {
            ArrayProto a = column(rows, name);
            if (a != null) {
                b.putInputs(name, a);
            }
        }
        return b.build();
    }

    private static ArrayDataType type(List<Map<String, Object>> rows, String name) {
        ArrayDataType t = null;
        for (Map<String, Object> row : rows) {
            Object v = row.get(name);
            if (v == null) {
                continue;
            }
            ArrayDataType x;
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                x = ArrayDataType.DT_INT32;
            } else if (v instanceof Long) {
                x = ArrayDataType.DT_INT64;
            } else if (v instanceof Float) {
                x = ArrayDataType.DT_FLOAT;
            } else if (v instanceof Number) {
                x = ArrayDataType.DT_DOUBLE;
            } else if (v instanceof Boolean) {
                x = ArrayDataType.DT_BOOL;
            } else if (v instanceof List || v instanceof Map) {
                return null;
            } else {
                x = ArrayDataType.DT_STRING;
            }
            t = t == null ? x : widen(t, x);
        }
        return t;
    }

    private static ArrayDataType widen(ArrayDataType a, ArrayDataType b) {
        if (a == b) {
            return a;
        }
        if (a == ArrayDataType.DT_STRING || b == ArrayDataType.DT_STRING
                || a == ArrayDataType.DT_BOOL || b == ArrayDataType.DT_BOOL) {
            return ArrayDataType.DT_STRING;
        }
        boolean ints = (a == ArrayDataType.DT_INT32 || a == ArrayDataType.DT_INT64)
                && (b == ArrayDataType.DT_INT32 || b == ArrayDataType.DT_INT64);
        return ints ? ArrayDataType.DT_INT64 : ArrayDataType.DT_DOUBLE;
    }

    /**
     * One feature's column, typed as the class comment says; null when it is not sent (lists, maps, or no
     * item has it). The TFServing processor sends the same columns as TF Serving tensors.
     */
    static ArrayProto column(List<Map<String, Object>> rows, String name) {
        ArrayDataType t = type(rows, name);
        if (t == null) {
            return null;
        }
        ArrayProto.Builder a = ArrayProto.newBuilder().setDtype(t)
                .setArrayShape(ArrayShape.newBuilder().addDim(rows.size()));
        for (Map<String, Object> row : rows) {
            Object v = row.get(name);
            switch (t) {
                case DT_INT32 -> a.addIntVal(v == null ? 0 : ((Number) v).intValue());
                case DT_INT64 -> a.addInt64Val(v == null ? 0 : ((Number) v).longValue());
                case DT_FLOAT -> a.addFloatVal(v == null ? 0 : ((Number) v).floatValue());
                case DT_DOUBLE -> a.addDoubleVal(v == null ? 0 : ((Number) v).doubleValue());
                case DT_BOOL -> a.addBoolVal(v != null && (Boolean) v);
                default -> a.addStringVal(ByteString.copyFromUtf8(v == null ? "" : Values.text(v)));
            }
        }
        return a.build();
    }
}
