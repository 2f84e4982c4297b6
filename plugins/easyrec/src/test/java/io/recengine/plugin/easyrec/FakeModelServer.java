package io.recengine.plugin.easyrec;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The in-test model server of the HTTP processors (see {@link FakeServer}). */
final class FakeModelServer extends FakeServer {

    static {
        // see FakeEas: without TCP_NODELAY the body waits for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final HttpServer server;
    final ExecutorService executor = Executors.newFixedThreadPool(32);

    FakeModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            enter();
            try {
                byte[] in = ex.getRequestBody().readAllBytes();
                received(new Call(in, ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Content-Type"),
                        ex.getRequestHeaders().getFirst("Content-Encoding")));
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

    @Override
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
