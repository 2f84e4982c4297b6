package io.recengine.server;

import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of {@code engine-server.jar}, on picocli.
 *
 * <pre>
 * java -jar engine-server.jar [--config FILE] [--port N] [--plugins-dir DIR]
 * java -jar engine-server.jar validate --config FILE [--plugins-dir DIR]
 * </pre>
 *
 * Options also accept the {@code --name=value} form; a repeated option takes its last value. The config
 * falls back to the {@code CONFIG_PATH} environment variable; the plugins directory defaults to
 * {@code plugins/} beside the jar. Only parsing happens here: the commands themselves run in
 * {@link Application}, because the engine must start before Micronaut does.
 *
 * @param command    {@link Command#SERVE}, {@link Command#VALIDATE} or {@link Command#HELP}
 * @param config     the PAI-Rec JSON config, null when neither given nor in the environment
 * @param port       the port from {@code --port}, null when absent (the config's ListenConf.HttpPort applies)
 * @param pluginsDir the plugins directory
 * @param usage      the usage text of the command that was asked for (what {@link Command#HELP} prints)
 */
record CommandLine(Command command, Path config, Integer port, Path pluginsDir, String usage) {

    /** The usage of the whole command line (the server and its subcommands). */
    static final String USAGE = commands().getUsageMessage().stripTrailing();

    enum Command { SERVE, VALIDATE, HELP }

    /** A command line that cannot be run; the message says why. Exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String usage;

        UsageException(String message, String usage) {
            super(message);
            this.usage = usage;
        }

        /** The usage of the (sub)command that was given wrong arguments. */
        String usage() {
            return usage;
        }
    }

    /** {@code engine-server.jar} with its subcommands {@code validate} and (hidden) {@code help}. */
    private static picocli.CommandLine commands() {
        CommandSpec validate = CommandSpec.create()
                .addOption(configOption())
                .addOption(goConfigOption())
                .addOption(pluginsDirOption())
                .addOption(helpOption());
        validate.usageMessage()
                .description("Checks the config against the plugins and exits: 0 = OK, 1 = problems, 2 = usage error.");
        CommandSpec helpCommand = CommandSpec.create();
        helpCommand.usageMessage().hidden(true).description("Shows this help.");
        CommandSpec serve = CommandSpec.create()
                .name("java -jar engine-server.jar")
                .addOption(configOption())
                .addOption(goConfigOption())
                .addOption(OptionSpec.builder("--port")
                        .paramLabel("N")
                        .type(String.class) // checked in parse(), with the messages of the CLI's users' scripts
                        .description("HTTP port (default: the config's ListenConf.HttpPort, else 8000; 0 = any free port)")
                        .build())
                .addOption(pluginsDirOption())
                .addOption(helpOption());
        serve.usageMessage().description("Serves the PAI-Rec HTTP API for a config.");
        picocli.CommandLine cli = new picocli.CommandLine(serve)
                .addSubcommand("validate", new picocli.CommandLine(validate))
                .addSubcommand("help", new picocli.CommandLine(helpCommand));
        cli.setOverwrittenOptionsAllowed(true);
        return cli;
    }

    private static OptionSpec configOption() {
        return OptionSpec.builder("--config")
                .paramLabel("FILE")
                .type(String.class)
                .description("PAI-Rec JSON config (default: environment variable CONFIG_PATH)")
                .build();
    }

    /** PAI-Rec's own spelling ({@code -config}, Go's flag package), accepted but not advertised. */
    private static OptionSpec goConfigOption() {
        return OptionSpec.builder("-config").paramLabel("FILE").type(String.class).hidden(true).build();
    }

    private static OptionSpec pluginsDirOption() {
        return OptionSpec.builder("--plugins-dir")
                .paramLabel("DIR")
                .type(String.class)
                .description("third-party plugins, one subfolder per plugin (default: plugins/ beside the jar)")
                .build();
    }

    private static OptionSpec helpOption() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Shows this help.").build();
    }

    /**
     * Parses {@code args}.
     *
     * @param env              the environment (for {@code CONFIG_PATH})
     * @param defaultPluginsDir used when {@code --plugins-dir} is absent
     */
    static CommandLine parse(List<String> args, Map<String, String> env, Path defaultPluginsDir) throws UsageException {
        picocli.CommandLine cli = commands();
        ParseResult top;
        try {
            top = cli.parseArgs(args.toArray(new String[0]));
        } catch (ParameterException e) {
            throw new UsageException(message(e), usageOf(e.getCommandLine()));
        }
        ParseResult parsed = top.subcommand() != null ? top.subcommand() : top;
        String name = top.subcommand() != null ? parsed.commandSpec().name() : "";
        if (name.equals("help")) {
            return new CommandLine(Command.HELP, null, null, null, USAGE);
        }
        if (parsed.isUsageHelpRequested()) {
            return new CommandLine(Command.HELP, null, null, null, usageOf(parsed.commandSpec().commandLine()));
        }
        Command command = name.equals("validate") ? Command.VALIDATE : Command.SERVE;
        String usage = usageOf(parsed.commandSpec().commandLine());
        String config = value(parsed, "--config", usage);
        if (config == null) {
            config = value(parsed, "-config", usage);
        }
        String port = command == Command.SERVE ? value(parsed, "--port", usage) : null;
        String pluginsDir = value(parsed, "--plugins-dir", usage);
        if (config == null) {
            String fromEnv = env.get("CONFIG_PATH");
            if (fromEnv != null && !fromEnv.isBlank()) {
                config = fromEnv;
            }
        }
        if (config == null) {
            throw new UsageException("no config given: pass --config FILE or set the environment variable CONFIG_PATH", usage);
        }
        Integer portNumber = null;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--port must be a number, got '" + port + "'", usage);
            }
            if (portNumber < 0 || portNumber > 65535) {
                throw new UsageException("--port must be between 0 and 65535, got " + portNumber, usage);
            }
        }
        return new CommandLine(command, Path.of(config), portNumber,
                pluginsDir != null ? Path.of(pluginsDir) : defaultPluginsDir, usage);
    }

    /** The option's value, null when absent; an empty value is a usage error. */
    private static String value(ParseResult parsed, String option, String usage) throws UsageException {
        String value = parsed.matchedOptionValue(option, null);
        if (value != null && value.isBlank()) {
            throw new UsageException("option " + option + " needs a non-empty value", usage);
        }
        return value;
    }

    /** The messages this command line has always given (scripts and tests match them). */
    private static String message(ParameterException e) {
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().get(0);
            if (arg instanceof OptionSpec option) {
                return "option " + option.longestName() + " needs a value";
            }
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if ((arg.equals("--port") || arg.startsWith("--port="))
                    && e.getCommandLine().getCommandSpec().name().equals("validate")) {
                return "validate does not take --port";
            }
            return "unknown argument: " + arg;
        }
        return e.getMessage();
    }

    private static String usageOf(picocli.CommandLine cli) {
        return cli.getUsageMessage().stripTrailing();
    }
}
