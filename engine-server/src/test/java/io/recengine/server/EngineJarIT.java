package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Black-box test of the shaded jar: {@code java -jar target/engine-server.jar} as a separate process,
 * spoken to over HTTP only. Run by maven-failsafe in {@code mvn verify}, after {@code package}.
 */
class EngineJarIT {

    private static final Path JAR = Path.of("target", "engine-server.jar");
    private static final Path CONFIG = Path.of("..", "config-samples", "contextitem.json");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    /** The plugins directory the jar uses by default: {@code plugins/} beside it. */
    private static final Path PLUGINS = JAR.toAbsolutePath().normalize().resolveSibling("plugins");
    /** Every plugin the build ships, by {@code Plugin.name()} = folder name. */
    private static final List<String> SHIPPED = List.of("aime", "easyrec", "pmml", "hologres", "redis", "mysql",
            "kafka", "datahub");
    /** Sample configs that use a shipped plugin's components (aime.json is served, see below). */
    private static final List<String> PLUGIN_SAMPLES =
            List.of("hologres.json", "redis.json", "mysql.json", "easyrec.json", "callback-kafka.json",
                    "callback-datahub.json");
    /** Package folders of the shipped plugins and of libraries only they use. */
    private static final List<String> PLUGIN_PACKAGES = List.of("io/recengine/plugin/", "com/zaxxer/hikari/",
            "org/postgresql/", "redis/clients/jedis/", "org/apache/commons/pool2/", "org/mariadb/jdbc/",
            "org/apache/kafka/", "org/xerial/snappy/",
            "com/github/luben/zstd/", "net/jpountz/", "com/google/protobuf/", "com/aliyun/datahub/", "okhttp3/",
            "retrofit2/", "com/google/common/");
    /**
     * Libraries the engine uses itself; a plugin folder may hold its own copy of them. Caffeine: the engine's
     * FallbackConfig cache (issue 15), the localCache recall cache, and the hologres, mysql and redis
     * plugins' own caches.
     */
    private static final List<String> ENGINE_LIBRARIES = List.of("com/fasterxml/jackson/",
            "com/github/benmanes/caffeine/");
    /** The pom whose pins the hologres folder must hold; failsafe passes its path. */
    private static final Path HOLOGRES_POM = Path.of(System.getProperty("recengine.hologres.pom",
            Path.of("..", "plugins", "hologres", "pom.xml").toString()));

    /** A config that refers to an unknown recall type, an undefined recall name and an unknown filter. */
    private static final String BROKEN_CONFIG = """
            {
              "RecallConfs": [{"Name": "bad_recall", "RecallType": "NoSuchRecallType"}],
              "SceneConfs": {"home_feed": {"default": {"RecallNames": ["bad_recall", "missing_recall"]}}},
              "FilterNames": {"default": ["NoSuchFilter"]}
            }""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarIsBuilt() throws IOException {
        assertThat(JAR).as("run 'mvn verify' (package builds the shaded jar)").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(Application.class.getName());
            // the engine's built-in plugin(s) are found by ServiceLoader from the fat jar
            assertThat(jar.getEntry("META-INF/services/io.recengine.spi.Plugin")).isNotNull();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Runs the jar to completion (subcommands, failing starts); returns the exit code and the output. */
    private record Run(int exit, String stdout, String stderr) {
    }

    private Run runJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
        Path err = tmp.resolve("err-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("jar did not exit: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void servesTheSeedRequestOverHttp() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("server.log");
        Process server = startServer(CONFIG, port, log);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ServerTest.SEED_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            JsonNode body = new ObjectMapper().readTree(r.body());
            ServerTest.assertSeedAnswer(body);

            // engine metrics reach Prometheus through the composite registry the engine was started with
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsAnyOf("\npairec_", "\nrecengine_").contains("http_server_requests_seconds");

            HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(base.resolve("/nope"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("{\"code\":404,\"msg\":\"url not found route info\",\"request_id\":\"\"}");
        } finally {
            stop(server);
        }
        String serverLog = Files.readString(log);
        assertThat(serverLog).doesNotContain("Exception");
        // SIGTERM stops the application context, which closes the engine
        assertThat(serverLog).contains("Stopping RecEngine");
    }

    private static Process startServer(Path config, int port, Path log) throws IOException {
        return new ProcessBuilder(java(), "-jar", JAR.toString(),
                "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(15, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The server started from the jar alone loads every shipped plugin from its folder in plugins/ beside
     * the jar (/health names the folder as source, without its directory), and the aime plugin serves BeRecall from there
     * through the engine's in-process match engine.
     */
    @Test
    void loadsEveryShippedPluginFromItsFolder() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("aime-server.log");
        Process server = startServer(Path.of("..", "config-samples", "aime.json"), port, log);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode plugins = new ObjectMapper().readTree(health.body())
                    .path("details").path("plugins").path("details").path("plugins");
            assertThat(plugins.isArray()).as(health.body()).isTrue();
            for (String name : SHIPPED) {
                List<JsonNode> loaded = new ArrayList<>();
                plugins.forEach(p -> {
                    if (p.path("name").asText().equals(name)) {
                        loaded.add(p);
                    }
                });
                assertThat(loaded).as("plugin %s in %s", name, plugins).hasSize(1);
                // the folder's name relative to the plugins directory: /health shows no absolute path
                assertThat(loaded.get(0).path("source").asText()).as("plugin %s: source", name).isEqualTo(name);
                assertThat(PLUGINS.resolve(name)).as("plugin %s: folder", name).isDirectory();
                assertThat(loaded.get(0).path("types").size()).as("plugin %s: component types", name).isPositive();
            }

            HttpRequest feedRequest = HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"u1\",\"size\":5,\"scene_id\":\"home_feed\"}"))
                    .build();
            // the first request loads the plugin's classes from its jar: on a busy build machine that may
            // exceed the recall timeout (an answer with fewer items), so it only warms up
            assertThat(http.send(feedRequest, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> feed = http.send(feedRequest, HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(feed.body());
            assertThat(body.path("code").asInt()).as(feed.body()).isEqualTo(200);
            assertThat(body.path("items").size()).as(feed.body()).isEqualTo(5);
            body.path("items").forEach(item ->
                    assertThat(item.path("retrieve_id").asText()).as(feed.body()).isIn("be_x2i", "be_vector"));
        } finally {
            stop(server);
        }
        assertThat(Files.readString(log)).doesNotContain("Exception");
    }

    /**
     * The DataHub sample with nothing listening at its endpoint: the server starts and serves, callbacks are
     * accepted (spilled), {@code /health} says DEGRADED with the sink DOWN and no absolute path, the gauge
     * says 0, and {@code /loggers} is not served.
     */
    @Test
    void startsAndServesWithTheDatahubSinkUnreachable() throws Exception {
        int port = freePort();
        String sample = Files.readString(Path.of("..", "config-samples", "callback-datahub.json"));
        String endpoint = "http://127.0.0.1:" + freePort();
        Path config = tmp.resolve("callback-datahub.json");
        Files.writeString(config, sample.replaceFirst("\"Endpoint\": \"[^\"]*\"", "\"Endpoint\": \"" + endpoint + "\""));
        assertThat(Files.readString(config)).contains(endpoint);
        Path log = tmp.resolve("datahub-down.log");
        Process server = startServer(config, port, log);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitPing(server, base, log);

            HttpResponse<String> feed = http.send(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(ServerTest.SEED_REQUEST))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
            ServerTest.assertSeedAnswer(new ObjectMapper().readTree(feed.body()));

            HttpResponse<String> callback = http.send(HttpRequest.newBuilder(base.resolve("/api/callback"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"uid\":\"u1\",\"scene_id\":\"home_feed\",\"item_list\":[{\"item_id\":\"1\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode h = new ObjectMapper().readTree(health.body());
            assertThat(h.path("status").asText()).as(health.body()).isEqualTo("DEGRADED");
            assertThat(h.path("details").path("dependencies").path("details").path("datahub:pairec_callback_dh")
                    .path("status").asText()).as(health.body()).isEqualTo("DOWN");
            assertThat(h.path("details").path("plugins").path("details").path("config").asText())
                    .isEqualTo("callback-datahub.json");
            assertThat(health.body()).doesNotContain(tmp.toString()).doesNotContain(PLUGINS.toString())
                    .doesNotContain(endpoint);

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body().lines().filter(l -> l.startsWith("recengine_dependency_up{")
                    && l.contains("name=\"datahub:pairec_callback_dh\"")).toList())
                    .as("gauge").singleElement().satisfies(l -> assertThat(l).endsWith(" 0.0"));

            HttpResponse<String> loggers = http.send(HttpRequest.newBuilder(base.resolve("/loggers"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(loggers.statusCode()).isEqualTo(404);
        } finally {
            stop(server);
        }
        assertThat(Files.readString(log)).contains("is down at start");
    }

    /** The other shipped plugins' samples check out against their folders' factories. */
    @Test
    void validateAcceptsThePluginSamples() throws Exception {
        for (String sample : PLUGIN_SAMPLES) {
            Run run = runJar("validate", "--config", Path.of("..", "config-samples", sample).toString());
            assertThat(run.exit()).as(sample + ": " + run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout()).as(sample).startsWith("config OK: ");
        }
    }

    /**
     * The jar holds no plugin class and no plugin library, and its services file names only the
     * engine's own plugins: every shipped plugin comes from its folder.
     */
    @Test
    void theServerJarHoldsNoPluginClassOrLibrary() throws Exception {
        Set<String> serverClasses = new HashSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(JarEntry::getName).filter(EngineJarIT::isLibraryClass).forEach(serverClasses::add);
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/io.recengine.spi.Plugin"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services).contains("io.recengine.core.").doesNotContain("io.recengine.plugin.");
        }
        assertThat(serverClasses).as("engine classes").anyMatch(n -> n.startsWith("io/recengine/core/"));
        for (String pkg : PLUGIN_PACKAGES) {
            assertThat(serverClasses).as("classes under " + pkg).noneMatch(n -> n.startsWith(pkg));
        }
        // whatever a plugin folder bundles, beyond the list above, is not in the jar either
        for (String name : SHIPPED) {
            List<Path> jars = jarsIn(PLUGINS.resolve(name));
            assertThat(jars).as("plugin folder " + name).anyMatch(j ->
                    j.getFileName().toString().startsWith("plugin-" + name + "-"));
            for (Path j : jars) {
                try (JarFile pluginJar = new JarFile(j.toFile())) {
                    List<String> inServer = pluginJar.stream().map(JarEntry::getName)
                            .filter(EngineJarIT::isLibraryClass)
                            .filter(serverClasses::contains)
                            .filter(n -> ENGINE_LIBRARIES.stream().noneMatch(n::startsWith))
                            .limit(5).toList();
                    assertThat(inServer).as("classes of " + j + " in the server jar").isEmpty();
                }
            }
        }
    }

    /** The hologres folder holds the very pool and driver versions plugins/hologres/pom.xml pins. */
    @Test
    void theHologresFolderHoldsThePinnedPoolAndDriver() throws Exception {
        List<String> jars = jarsIn(PLUGINS.resolve("hologres")).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(jars.stream().filter(n -> n.startsWith("HikariCP-")))
                .containsExactly("HikariCP-" + pomProperty(HOLOGRES_POM, "hikaricp.version") + ".jar");
        assertThat(jars.stream().filter(n -> n.startsWith("postgresql-")))
                .containsExactly("postgresql-" + pomProperty(HOLOGRES_POM, "postgresql.version") + ".jar");
    }

    /** A class of the jar's own packages; not module-info nor a multi-release variant under META-INF/. */
    private static boolean isLibraryClass(String entry) {
        return entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class");
    }

    private static List<Path> jarsIn(Path folder) throws IOException {
        assertThat(folder).as("plugin folder (package copies it beside the jar)").isDirectory();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** A {@code <properties>} entry of a pom. */
    private static String pomProperty(Path pom, String name) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement();
        Element properties = (Element) project.getElementsByTagName("properties").item(0);
        assertThat(properties).as("<properties> in " + pom).isNotNull();
        String value = properties.getElementsByTagName(name).item(0) == null ? null
                : properties.getElementsByTagName(name).item(0).getTextContent().trim();
        assertThat(value).as(name + " in " + pom).isNotBlank();
        return value;
    }

    private void awaitPing(Process server, URI base, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(base.resolve("/ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200 && ping.body().equals("success")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("no /ping answer within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
    }

    @Test
    void validateReportsEveryProblemAndFails() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, BROKEN_CONFIG, StandardCharsets.UTF_8);
        Run run = runJar("validate", "--config", broken.toString());
        assertThat(run.exit()).as(run.stdout() + run.stderr()).isEqualTo(1);
        List<String> lines = run.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(run.stdout()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("NoSuchRecallType"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("missing_recall"));
        assertThat(run.stdout() + run.stderr()).doesNotContain("\tat ");
    }

    @Test
    void validateAcceptsTheSample() throws Exception {
        Run run = runJar("validate", "--config", CONFIG.toString());
        assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("config OK: ");
    }

    @Test
    void startWithABrokenConfigPrintsTheProblemsWithoutAStackTrace() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, BROKEN_CONFIG, StandardCharsets.UTF_8);
        Run run = runJar("--config", broken.toString(), "--port", Integer.toString(freePort()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("NoSuchRecallType").doesNotContain("\tat ");
    }

    /**
     * Datasource keys of the shipped plugins, an engine key and a missing data file: validate lists them,
     * a start refuses with the same lines, neither prints a stack trace or a class name.
     */
    @Test
    void validateAndStartRefuseBadDatasourceAndEngineKeysAlike() throws Exception {
        Path broken = tmp.resolve("bad-keys.json");
        Files.writeString(broken, """
                {
                  "HologresConfs": {"holo": {"DSN": "postgres://u:p@127.0.0.1:1/db", "MaxOpenConns": "x"}},
                  "BEConfs": {"be": {"Endpoint": "http://127.0.0.1:1", "TimeoutMs": "x"}},
                  "KafkaConfs": {"k": {"BootstrapServers": "127.0.0.1:1", "Topic": "t", "TimeoutMs": "x",
                                       "ProducerProperties": {"acks": {"all": true}}}},
                  "EngineConf": {"CallbackQueueSize": "x"},
                  "MatchEngineConf": {"Tables": [{"Name": "items", "Kind": "detail", "Path": "items.csv",
                                                  "PrimaryKey": "id"}]},
                  "SceneConfs": {"home_feed": {"default": {"RecallNames": ["ContextItemRecall"]}}},
                  "CallBackConfs": {"home_feed": {"DataSource": {"Type": "kafka", "Name": "k"}}}
                }""", StandardCharsets.UTF_8);
        Run validate = runJar("validate", "--config", broken.toString());
        Run start = runJar("--config", broken.toString(), "--port", Integer.toString(freePort()));
        assertThat(validate.exit()).as(validate.stdout() + validate.stderr()).isEqualTo(1);
        assertThat(start.exit()).as(start.stdout() + start.stderr()).isEqualTo(1);
        List<String> validated = validate.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(validated).containsExactlyInAnyOrder(
                "HologresConfs.holo, key MaxOpenConns: want an integer from 1 to 10000, got string \"x\"",
                "BEConfs.be, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"",
                "KafkaConfs.k, key TimeoutMs: want an integer from 1 to 3600000, got string \"x\"",
                "KafkaConfs.k, key ProducerProperties.acks: want a string, a number or a boolean, got an object",
                "EngineConf, key CallbackQueueSize: want an integer >= 1, got string \"x\"",
                "'items' (MatchEngineConf.Tables[0]), key Path: file not found: items.csv (relative to the config)");
        assertThat(start.stderr().lines().filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList())
                .isEqualTo(validated);
        for (Run r : List.of(validate, start)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain("Exception", "\tat ", "at io.", "java.");
        }
    }

    @Test
    void missingConfigIsAUsageError() throws Exception {
        Run run = runJar("--config", tmp.resolve("absent.json").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("config file not found");
    }
}
