package io.recengine.tools;

import io.recengine.server.Application;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;

/**
 * Entry point of {@code recengine-tools.jar}: the engine server plus the tooling around it.
 *
 * <pre>
 * java -jar recengine-tools.jar generate [--size tiny|small|mid|large] [--out DIR]   the quickstart data
 * java -jar recengine-tools.jar golden [--url URL] [--requests N] ...               engine vs naive
 * java [-Drecengine.bench.data=DIR] -jar recengine-tools.jar [server arguments]     the server (+ /bench routes)
 * </pre>
 *
 * Any command line that is not one of the tools' subcommands is the engine server's
 * ({@link Application}), so that the benchmark harness serves the engine, the floor and the naive
 * reference through one HTTP stack; the production {@code engine-server.jar} has none of the tooling.
 */
@Command(name = "java -jar recengine-tools.jar",
        description = "RecEngine's tooling: the quickstart data generator, the benchmark's golden check, and the"
                + " engine server with the benchmark routes (/bench/floor, /bench/naive) when started with"
                + " -Drecengine.bench.data=DIR. Any other command line is the server's (below).",
        subcommands = {GenerateCommand.class, GoldenCommand.class})
public final class Tools {

    private static final Set<String> TOOLS = Set.of("generate", "golden");
    private static final Set<String> HELP = Set.of("-h", "--help", "help");

    private Tools() {
    }

    public static void main(String[] args) {
        int exit = run(args, System.out, System.err);
        if (exit >= 0) {
            System.exit(exit);
        }
        // < 0: the server is running
    }

    /** The process exit code, or -1 when the server was started and keeps running. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String first = args.length > 0 ? args[0] : "";
        if (TOOLS.contains(first) || (HELP.contains(first) && args.length == 1)) {
            CommandLine cli = new CommandLine(new Tools())
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            if (HELP.contains(first)) {
                cli.usage(cli.getOut());
                out.println();
                return Application.run(new String[] {"--help"}, out, err);
            }
            return cli.execute(args);
        }
        return Application.run(args, out, err);
    }
}
