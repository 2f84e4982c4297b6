package io.recengine.plugin.easyrec;

import com.sun.net.httpserver.HttpServer;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBFeature;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.plugin.easyrec.proto.PredictProtos.Results;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-test EAS endpoint: decodes the real {@code PBRequest}, answers a real {@code PBResponse}
 * (default: outputs probs_ctr, probs_cvr from a hash of the id), with injectable delay, HTTP status,
 * and response rewriting. Counts requests and the peak of concurrent ones.
 */
final class FakeEas implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY the body waits for
        // the client's delayed ACK (about 40 ms on Linux), which would measure the fake, not the engine.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final HttpServer server;
    final ExecutorService executor = Executors.newFixedThreadPool(32);
    final ConcurrentLinkedQueue<PBRequest> requests = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> auths = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    volatile int delayMs;
    /** When set, every reply waits for this latch (a reply that comes only after the caller gave up). */
    volatile CountDownLatch hold;
    volatile int httpStatus = 200;
    volatile Function<PBRequest, PBResponse> answer = FakeEas::dbmtl;

    FakeEas() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/api/predict/", ex -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                PBRequest req = PBRequest.parseFrom(ex.getRequestBody().readAllBytes());
                requests.add(req);
                String a = ex.getRequestHeaders().getFirst("Authorization");
                auths.add(a == null ? "" : a);
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                CountDownLatch h = hold;
                if (h != null) {
                    h.await();
                }
                byte[] body;
                int status = httpStatus;
                if (status != 200) {
                    body = ("status " + status).getBytes(StandardCharsets.UTF_8);
                } else {
                    body = answer.apply(req).toByteArray();
                }
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client went away (timeout test)
            } finally {
                inFlight.decrementAndGet();
                ex.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/predict/dbmtl";
    }

    /** ctr = 0.001 * (number in the id + 1), cvr = 0.5 when user feature "vip" is 1, else 0.25. */
    static PBResponse dbmtl(PBRequest req) {
        PBFeature vip = req.getUserFeaturesMap().get("vip");
        boolean isVip = vip != null && (vip.getIntFeature() == 1 || vip.getLongFeature() == 1 || vip.getDoubleFeature() == 1
                || "1".equals(vip.getStringFeature()));
        double cvr = isVip ? 0.5 : 0.25;
        PBResponse.Builder b = PBResponse.newBuilder().addAllOutputs(List.of("probs_ctr", "probs_cvr"));
        for (String id : req.getItemIdsList()) {
            double ctr = 0.001 * (Integer.parseInt(id.replaceAll("\\D", "")) + 1);
            b.putResults(id, Results.newBuilder().addScores(ctr).addScores(cvr).build());
        }
        return b.build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
