package io.recengine.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) as a child process, from the kafka
 * plugin's test class path (Apache Kafka's own artifacts, written by that module's build to
 * {@code target/kafka-broker.classpath}). Stopped and started again on the same port and log directory, it is
 * how the fleet test takes Kafka away. Topics are created on first use with {@code num.partitions}.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    /** Any 16 bytes, base64url: the id {@code kafka-storage format} stamps on the log directory. */
    private static final String CLUSTER_ID = "cmVjZW5naW5lLWZsZWV0LQ";

    final int port;
    private final Path dir;
    private final Path properties;
    private final Path log;
    private final String classpath;
    private Process process;

    KafkaBrokerProcess(Path dir, int partitions) throws Exception {
        this.dir = Files.createDirectories(dir);
        String file = System.getProperty("recengine.kafka.broker.classpath");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            fail("no Kafka broker class path (" + file + "): build plugins/kafka first (the reactor does)");
        }
        this.classpath = Files.readString(Path.of(file)).trim();
        this.port = ServerProcess.freePort();
        int controller = ServerProcess.freePort();
        this.log = dir.resolve("broker.log");
        this.properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0")) + "\n");
        Process format = java("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c", properties.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            fail("kafka-storage format failed:\n" + Files.readString(log));
        }
        start();
    }

    private Process java(String main, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Starts the broker and waits until it listens. */
    void start() throws Exception {
        process = java("kafka.Kafka", properties.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("broker exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("broker not listening on " + port + ":\n" + Files.readString(log));
    }

    /** Stops the broker (SIGTERM: a clean shutdown, as an operator's restart). */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
