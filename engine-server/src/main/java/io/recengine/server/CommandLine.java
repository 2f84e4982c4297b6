package io.recengine.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of {@code engine-server.jar}.
 *
 * <pre>
 * java -jar engine-server.jar [--config FILE] [--port N] [--plugins-dir DIR]
 * java -jar engine-server.jar validate --config FILE [--plugins-dir DIR]
 * </pre>
 *
 * Options also accept the {@code --name=value} form. The config falls back to the {@code CONFIG_PATH}
 * environment variable; the plugins directory defaults to {@code plugins/} beside the jar.
 *
 * @param command    {@link Command#SERVE}, {@link Command#VALIDATE} or {@link Command#HELP}
 * @param config     the PAI-Rec JSON config, null when neither given nor in the environment
 * @param port       the port from {@code --port}, null when absent (the config's ListenConf.HttpPort applies)
 * @param pluginsDir the plugins directory
 */
record CommandLine(Command command, Path config, Integer port, Path pluginsDir) {

    static final String USAGE = String.join("\n",
            "usage: java -jar engine-server.jar [--config FILE] [--port N] [--plugins-dir DIR]",
            "       java -jar engine-server.jar validate --config FILE [--plugins-dir DIR]",
            "       java -jar engine-server.jar generate [--size tiny|small|large] [--out DIR] [--users N] [--items N]",
            "                                            [--interactions N] [--seed N]",
            "",
            "  --config FILE       PAI-Rec JSON config (default: environment variable CONFIG_PATH)",
            "  --port N            HTTP port (default: the config's ListenConf.HttpPort, else 8000; 0 = any free port)",
            "  --plugins-dir DIR   third-party plugins, one subfolder per plugin (default: plugins/ beside the jar)",
            "  validate            check the config against the plugins and exit: 0 = OK, 1 = problems");

    enum Command { SERVE, VALIDATE, HELP }

    /** A command line that cannot be run; the message says why. Exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args}.
     *
     * @param env              the environment (for {@code CONFIG_PATH})
     * @param defaultPluginsDir used when {@code --plugins-dir} is absent
     */
    static CommandLine parse(List<String> args, Map<String, String> env, Path defaultPluginsDir) throws UsageException {
        Command command = Command.SERVE;
        String config = null;
        String port = null;
        String pluginsDir = null;
        int i = 0;
        if (!args.isEmpty() && args.get(0).equals("validate")) {
            command = Command.VALIDATE;
            i = 1;
        }
        for (; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                return new CommandLine(Command.HELP, null, null, null);
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--config", "-config", "--plugins-dir", "--port" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option " + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (value.isBlank()) {
                        throw new UsageException("option " + name + " needs a non-empty value");
                    }
                    switch (name) {
                        case "--port" -> port = value;
                        case "--plugins-dir" -> pluginsDir = value;
                        default -> config = value;
                    }
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        if (command == Command.VALIDATE && port != null) {
            throw new UsageException("validate does not take --port");
        }
        if (config == null) {
            String fromEnv = env.get("CONFIG_PATH");
            if (fromEnv != null && !fromEnv.isBlank()) {
                config = fromEnv;
            }
        }
        if (config == null) {
            throw new UsageException("no config given: pass --config FILE or set the environment variable CONFIG_PATH");
        }
        Integer portNumber = null;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--port must be a number, got '" + port + "'");
            }
            if (portNumber < 0 || portNumber > 65535) {
                throw new UsageException("--port must be between 0 and 65535, got " + portNumber);
            }
        }
        return new CommandLine(command, Path.of(config), portNumber,
                pluginsDir != null ? Path.of(pluginsDir) : defaultPluginsDir);
    }
}
