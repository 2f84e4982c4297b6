package io.recengine.plugin.easyrec;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.recengine.plugin.easyrec.proto.TfPredictProtos.ArrayProto;
import io.recengine.plugin.easyrec.proto.TfServingProtos.ModelSpec;
import io.recengine.plugin.easyrec.proto.TfServingProtos.PredictRequest;
import io.recengine.plugin.easyrec.proto.TfServingProtos.PredictResponse;
import io.recengine.plugin.easyrec.proto.TfServingProtos.TensorProto;
import io.recengine.plugin.easyrec.proto.TfServingProtos.TensorShapeProto;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.concurrent.Retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "TFServing"}: TF Serving's
 * {@code tensorflow.serving.PredictionService/Predict} over plaintext gRPC, as PAI-Rec calls it.
 * {@code EasConf.Url} is the gRPC target ({@code host:port}); {@code Auth}, when set, goes as the
 * {@code authorization} metadata; {@code Timeout} ms is each attempt's deadline, {@code RetryTimes} the
 * attempts ({@link Retry}).
 *
 * <p>The request: {@code model_spec} = {@code {name: ModelName, signature_name: SignatureName}},
 * {@code output_filter} = {@code Outputs}, and every feature of {@link FeatureRows} as a 1-D input of the
 * batch size, typed as for the TensorFlow processor ({@link TfRequests}: PAI-Rec leaves the request to a Go
 * function the user registers, and this is what such a function sends). The answer is read with
 * {@code tfServingResponseFunc}, PAI-Rec's only response function for this processor: the
 * {@code float_val} of one output, one score per item in order, scored as {@code <algo>}. PAI-Rec takes
 * whichever output its map yields first; here that is the first of {@code Outputs} the answer has, else
 * the only output, else the first by name, so a multi-output model scores the same on every call.
 *
 * <p>One channel per algo, connected lazily on the first call and shared by the batches, which run
 * concurrently over it (HTTP/2 streams).
 */
final class TfServingGrpcRanker implements Ranker {

    public static final String FUNCTION = "tfServingResponseFunc";

    /** The service's full name on the wire, from TF Serving's public {@code prediction_service.proto}. */
    static final String SERVICE = "tensorflow.serving.PredictionService";

    /** The one unary method, described by hand: no generated stub (and so no protoc gRPC plugin) needed. */
    static final MethodDescriptor<PredictRequest, PredictResponse> PREDICT =
            MethodDescriptor.<PredictRequest, PredictResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Predict"))
                    .setRequestMarshaller(ProtoUtils.marshaller(PredictRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(PredictResponse.getDefaultInstance()))
                    .build();

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String name;
    private final EasSettings settings;
    private final ManagedChannel channel;
    private final Channel calls;
    private final PluginMetrics metrics;

    TfServingGrpcRanker(String name, EasSettings settings, PluginMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.metrics = metrics;
        this.channel = NettyChannelBuilder.forTarget(settings.target()).usePlaintext().build();
        if (settings.auth().isEmpty()) {
            this.calls = channel;
        } else {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, settings.auth());
            this.calls = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        }
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        PredictRequest body = build(FeatureRows.of(request), settings);
        long t0 = System.nanoTime();
        PredictResponse answer = Retry.upTo(name, settings.attempts(), () -> predict(body));
        metrics.recordNanos("tfserving.grpc.request", System.nanoTime() - t0, "algo", name);
        return parse(name, settings.outputs(), request.items().size(), answer);
    }

    private PredictResponse predict(PredictRequest body) {
        try {
            return ClientCalls.blockingUnaryCall(calls, PREDICT,
                    CallOptions.DEFAULT.withDeadlineAfter(settings.timeoutMs(), TimeUnit.MILLISECONDS), body);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.DEADLINE_EXCEEDED) {
                throw new ComponentException(name, ComponentException.Kind.TIMEOUT,
                        "no TF Serving answer within " + settings.timeoutMs() + " ms", e);
            }
            if (code == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
                throw new ComponentException(name, ComponentException.Kind.TIMEOUT, "interrupted", e);
            }
            // a garbage answer lands here too: the marshaller's parse failure is status INTERNAL
            throw new ComponentException(name, ComponentException.Kind.DEPENDENCY, "TF Serving Predict on "
                    + settings.target() + " failed: " + code + " " + describe(e.getStatus()), e);
        }
    }

    private static String describe(Status status) {
        String d = status.getDescription();
        Throwable cause = status.getCause();
        return (d == null ? "" : d) + (cause == null ? "" : " (" + cause.getMessage() + ")");
    }

    static PredictRequest build(List<Map<String, Object>> rows, EasSettings settings) {
        PredictRequest.Builder b = PredictRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName(settings.modelName())
                        .setSignatureName(settings.signatureName()))
                .addAllOutputFilter(settings.outputs());
        for (String feature : FeatureRows.names(rows)) {
            ArrayProto column = TfRequests.column(rows, feature);
            if (column != null) {
                b.putInputs(feature, tensor(column));
            }
        }
        return b.build();
    }

    /** The TensorFlow processor's column ({@link TfRequests}), as a TF Serving tensor: same values, other field numbers. */
    private static TensorProto tensor(ArrayProto column) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long size : column.getArrayShape().getDimList()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
        }
        return TensorProto.newBuilder().setDtype(column.getDtype()).setTensorShape(shape)
                .addAllIntVal(column.getIntValList()).addAllInt64Val(column.getInt64ValList())
                .addAllFloatVal(column.getFloatValList()).addAllDoubleVal(column.getDoubleValList())
                .addAllBoolVal(column.getBoolValList()).addAllStringVal(column.getStringValList()).build();
    }

    /** {@code tfServingResponseFunc}: one output's {@code float_val}, one score per item, in order. */
    static List<ItemScores> parse(String algo, List<String> wanted, int n, PredictResponse resp) {
        Map<String, TensorProto> outputs = resp.getOutputsMap();
        if (outputs.isEmpty()) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "PredictResponse has no outputs");
        }
        String output = wanted.stream().filter(outputs::containsKey).findFirst()
                .orElseGet(() -> new TreeMap<>(outputs).firstKey());
        TensorProto t = outputs.get(output);
        if (t.getFloatValCount() < n) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, "output " + output + " ("
                    + t.getDtype() + ") has " + t.getFloatValCount() + " float_val values for " + n + " items");
        }
        List<ItemScores> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ItemScores.of(t.getFloatVal(i)));
        }
        return out;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** Builds {@link TfServingGrpcRanker}s for {@code EasConf.Processor = "TFServing"}. */
    public static final class Factory extends Processors {

        public Factory() {
            super("TFServing", "EasConf", List.of(FUNCTION), Map.of(), EasSettings.Transport.GRPC,
                    TfServingGrpcRanker::new);
        }
    }
}
