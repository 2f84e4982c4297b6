package io.recengine.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Private instances of the real stores the redis and mysql plugins talk to ({@code redis-server} and
 * {@code mariadbd} from the Debian packages that {@code .ci/run} installs), in a temp directory, on a free
 * loopback port, stopped by the tests. Stopping and starting again on the same port is how the fault tests
 * take a store away.
 */
final class StoreProcesses {

    private StoreProcesses() {
    }

    /** The first of {@code names} found on PATH or in the sbin folders Debian puts servers in. */
    static String binary(String... names) {
        for (String name : names) {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        fail(String.join(" or ", names) + " not found: install the Debian packages redis-server and mariadb-server"
                + " (.ci/run does)");
        return null;
    }

    private static void awaitPort(Process p, int port, Path log, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("store exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("store not listening on " + port + " within " + limit + ":\n" + Files.readString(log));
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A redis-server with a password, no persistence. */
    static final class Redis implements AutoCloseable {
        final int port;
        final String password;
        private final Path dir;
        private Process process;

        Redis(Path dir, String password) throws Exception {
            this.dir = Files.createDirectories(dir);
            this.port = ServerProcess.freePort();
            this.password = password;
            start();
        }

        void start() throws Exception {
            Path log = dir.resolve("redis.log");
            process = new ProcessBuilder(binary("redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--requirepass", password)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            awaitPort(process, port, log, Duration.ofSeconds(20));
        }

        void stopServer() throws InterruptedException {
            stop(process);
        }

        /** Runs one command (RESP over a socket); returns the reply's first line, e.g. {@code +OK} or {@code :3}. */
        String call(String... args) throws IOException {
            return calls(List.of(args)).get(0);
        }

        /** {@code GET key}: the string value, or null when the key is missing. */
        String value(String key) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                write(out, List.of("AUTH", password));
                if (!"+OK".equals(in.readLine())) {
                    fail("AUTH failed");
                }
                write(out, List.of("GET", key));
                String head = in.readLine();
                return head.equals("$-1") ? null : in.readLine();
            }
        }

        @SafeVarargs
        final List<String> calls(List<String>... commands) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                write(out, List.of("AUTH", password));
                String auth = in.readLine();
                if (!"+OK".equals(auth)) {
                    fail("AUTH: " + auth);
                }
                List<String> replies = new java.util.ArrayList<>();
                for (List<String> c : commands) {
                    write(out, c);
                    replies.add(read(in));
                }
                return replies;
            }
        }

        private static void write(OutputStream out, List<String> args) throws IOException {
            StringBuilder sb = new StringBuilder("*").append(args.size()).append("\r\n");
            for (String a : args) {
                sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The first line of a reply; the rest of a bulk or array reply is read and dropped. */
        private static String read(BufferedReader in) throws IOException {
            String line = in.readLine();
            if (line.startsWith("$") && !line.equals("$-1")) {
                in.readLine();
            } else if (line.startsWith("*")) {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    read(in);
                }
            }
            return line;
        }

        @Override
        public void close() throws InterruptedException {
            stopServer();
        }
    }

    /** A mariadbd with a fresh data directory, a database and a user with a password, set up by {@code initSql}. */
    static final class MariaDb implements AutoCloseable {
        final int port;
        private final Path dir;
        private final Path initSql;
        private Process process;

        MariaDb(Path dir, String initSql) throws Exception {
            this.dir = Files.createDirectories(dir);
            this.port = ServerProcess.freePort();
            this.initSql = Files.writeString(dir.resolve("init.sql"), initSql);
            Path log = dir.resolve("install.log");
            Process install = new ProcessBuilder(binary("mariadb-install-db", "mysql_install_db"), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--user=" + System.getProperty("user.name"),
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
                install.destroyForcibly();
                fail("mariadb-install-db failed:\n" + Files.readString(log));
            }
            start();
        }

        void start() throws Exception {
            Path log = dir.resolve("server.log");
            process = new ProcessBuilder(binary("mariadbd", "mysqld"), "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                    "--pid-file=" + dir.resolve("mysqld.pid"), "--user=" + System.getProperty("user.name"),
                    "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=16M",
                    "--init-file=" + initSql)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            awaitPort(process, port, log, Duration.ofSeconds(60));
        }

        void stopServer() throws InterruptedException {
            stop(process);
        }

        @Override
        public void close() throws InterruptedException {
            stopServer();
        }
    }
}
