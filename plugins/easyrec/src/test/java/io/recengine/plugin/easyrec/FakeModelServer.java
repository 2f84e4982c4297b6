package io.recengine.plugin.easyrec;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-test model server for any processor: keeps every request body and its headers, answers what
 * {@link #answer} makes of the body (the tests decode and encode the real messages there), with an
 * injectable HTTP status and a latch that holds replies. Counts requests and the peak of concurrent ones.
 */
final class FakeModelServer implements AutoCloseable {

    static {
        // see FakeEas: without TCP_NODELAY the body waits for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Call(byte[] body, String auth, String contentType, String contentEncoding) {
    }

    final HttpServer server;
    final ExecutorService executor = Executors.newFixedThreadPool(32);
    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger count = new AtomicInteger();
    volatile int delayMs;
    /** When set, every reply waits for this latch (a reply that comes only after the caller gave up). */
    volatile CountDownLatch hold;
    volatile int httpStatus = 200;
    volatile Function<byte[], byte[]> answer = b -> new byte[0];

    FakeModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            count.incrementAndGet();
            try {
                byte[] in = ex.getRequestBody().readAllBytes();
                calls.add(new Call(in, ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Content-Type"),
                        ex.getRequestHeaders().getFirst("Content-Encoding")));
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                CountDownLatch h = hold;
                if (h != null) {
                    h.await();
                }
                int status = httpStatus;
                byte[] body = status != 200 ? ("status " + status).getBytes(StandardCharsets.UTF_8) : answer.apply(in);
                ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
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

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Call last() {
        Call c = null;
        for (Call x : calls) {
            c = x;
        }
        return c;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
