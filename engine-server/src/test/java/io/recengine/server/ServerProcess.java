package io.recengine.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** The packaged server ({@code target/engine-server.jar}) as a child process, for the *IT tests. */
final class ServerProcess {

    static final Path JAR = Path.of("target", "engine-server.jar");

    private ServerProcess() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * {@code java -jar engine-server.jar --config CONFIG --port PORT}, output appended to {@code log}. The JVM
     * options favour a quick start (C1 only, serial GC, small heap) over peak throughput.
     */
    static Process start(Path config, int port, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-jar", JAR.toString(), "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until {@code /ping} answers; fails with the log when the server exits or does not answer. */
    static void awaitPing(HttpClient http, Process server, URI base, Path log, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(base.resolve("/ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("no /ping answer within " + limit + ":\n" + Files.readString(log));
    }

    /** SIGTERM (the engine drains and closes), SIGKILL when it does not exit in time. */
    static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
