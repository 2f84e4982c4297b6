package io.recengine.server;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code engine-server.jar}: starts the engine, then Micronaut's HTTP server around it, or
 * runs the {@code validate} subcommand. See {@link CommandLine#USAGE}.
 *
 * <p>The engine starts <em>before</em> Micronaut, so that a bad config is reported without an HTTP server
 * and the port from {@code ListenConf} is known. It reaches the application context as a
 * {@link StartedEngine} singleton that {@link EngineFactory} turns into the {@link RecEngine} bean (closed
 * on context shutdown, i.e. on SIGTERM through Micronaut's shutdown hook).
 */
public final class Application {

    /** Exit code: the config has problems. */
    static final int EXIT_CONFIG_PROBLEMS = 1;
    /** Exit code: the command line cannot be run (no config, unknown option, ...). */
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        int exit = run(args, System.out, System.err);
        if (exit >= 0) {
            System.exit(exit);
        }
        // < 0: the server is running; the JVM lives on in Netty's non-daemon threads
    }

    /**
     * Runs the command line. Returns the process exit code, or -1 when the HTTP server was started and
     * keeps running. Public for jars that wrap the server (the tools jar adds its own subcommands).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(Arrays.asList(args), System.getenv(), defaultPluginsDir());
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(e.usage());
            return EXIT_USAGE;
        }
        if (cli.command() == CommandLine.Command.HELP) {
            out.println(cli.usage());
            return 0;
        }
        if (!Files.isRegularFile(cli.config())) {
            err.println("error: config file not found: " + cli.config());
            return EXIT_USAGE;
        }
        EngineOptions options = EngineOptions.of(cli.config()).withPluginsDir(cli.pluginsDir());
        if (cli.command() == CommandLine.Command.VALIDATE) {
            return validate(options, out, err);
        }
        return serve(cli, options, err);
    }

    private static int validate(EngineOptions options, PrintStream out, PrintStream err) {
        List<ConfigException> problems = new ArrayList<>(RecEngine.validate(options));
        RecEngine.warnings(options).forEach(w -> err.println("warning: " + w));
        if (problems.isEmpty()) {
            // the protocol layer's own EngineConf keys (request limits)
            problems.addAll(RequestLimits.check(ConfigLoader.load(options.configPath()).engineConf()));
        }
        if (problems.isEmpty()) {
            out.println("config OK: " + options.configPath());
            return 0;
        }
        for (ConfigException p : problems) {
            out.println(p.getMessage());
        }
        err.println(problems.size() + " problem(s) in config " + options.configPath());
        return EXIT_CONFIG_PROBLEMS;
    }

    private static int serve(CommandLine cli, EngineOptions options, PrintStream err) {
        // The engine's meters go to this composite; EngineFactory adds Micronaut's registry (Prometheus) to it.
        CompositeMeterRegistry engineMeters = new CompositeMeterRegistry();
        RecEngine engine;
        try {
            engine = RecEngine.start(options.withMeterRegistry(engineMeters));
        } catch (ConfigValidationException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG_PROBLEMS;
        }
        List<ConfigException> limitProblems = RequestLimits.check(engine.engineConf());
        if (!limitProblems.isEmpty()) {
            limitProblems.forEach(p -> err.println(p.getMessage()));
            engine.close();
            return EXIT_CONFIG_PROBLEMS;
        }
        int port = cli.port() != null ? cli.port() : engine.httpPort();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("micronaut.server.port", port == 0 ? -1 : port);
        if (engine.httpAddr() != null && !engine.httpAddr().isBlank()) {
            props.put("micronaut.server.host", engine.httpAddr());
        }
        props.put(EngineFactory.CONFIG_PROPERTY, options.configPath().toString());
        if (options.pluginsDir() != null) {
            props.put(EngineFactory.PLUGINS_DIR_PROPERTY, options.pluginsDir().toString());
        }
        ApplicationContext context;
        try {
            context = Micronaut.build(new String[0])
                    .mainClass(Application.class)
                    .banner(false)
                    .deduceEnvironment(false)
                    .properties(props)
                    .singletons(new StartedEngine(engine, engineMeters))
                    .start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        if (context == null) {
            // Micronaut reported the start-up failure itself (and normally exits the JVM)
            engine.close();
            return EXIT_CONFIG_PROBLEMS;
        }
        context.findBean(EmbeddedServer.class).ifPresent(server ->
                LOG.info("RecEngine serving {} on {}", options.configPath(), server.getURL()));
        ReloadSignal.install(engine);
        return -1;
    }

    /** {@code plugins/} beside the jar this class was loaded from; {@code ./plugins} outside a jar. */
    static Path defaultPluginsDir() {
        try {
            CodeSource source = Application.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path location = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
                    Path dir = location.toAbsolutePath().getParent();
                    return dir == null ? Path.of("plugins") : dir.resolve("plugins");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("cannot locate the jar, using ./plugins", e);
        }
        return Path.of("plugins");
    }
}
