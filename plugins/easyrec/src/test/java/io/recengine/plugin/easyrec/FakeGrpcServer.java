package io.recengine.plugin.easyrec;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-test TF Serving: {@code tensorflow.serving.PredictionService/Predict} over plaintext gRPC on a free
 * loopback port. The method carries raw bytes, so {@link #answer} decodes the real {@code PredictRequest} and
 * encodes the real {@code PredictResponse} (or garbage, for the tests that want it). The {@code authorization}
 * metadata is kept as the call's auth.
 */
final class FakeGrpcServer extends FakeServer {

    private static final Context.Key<String> AUTH = Context.key("authorization");

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> PREDICT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("tensorflow.serving.PredictionService", "Predict"))
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    final ExecutorService executor = Executors.newFixedThreadPool(32);
    final Server server;

    FakeGrpcServer() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("tensorflow.serving.PredictionService")
                .addMethod(PREDICT, ServerCalls.asyncUnaryCall((request, reply) -> {
                    enter();
                    try {
                        received(new Call(request, AUTH.get(), null, null));
                        if (httpStatus != 200) {
                            reply.onError(Status.UNAVAILABLE.withDescription("status " + httpStatus).asRuntimeException());
                            return;
                        }
                        reply.onNext(answer.apply(request));
                        reply.onCompleted();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        reply.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                })).build();
        ServerInterceptor keepAuth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String auth = headers.get(TfServingGrpcRanker.AUTHORIZATION);
                return Contexts.interceptCall(Context.current().withValue(AUTH, auth), call, headers, next);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(executor)
                .addService(ServerInterceptors.intercept(service, keepAuth)).build().start();
    }

    /** The gRPC target: {@code 127.0.0.1:<port>}; the path is not part of a gRPC address. */
    @Override
    String url(String path) {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        executor.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
