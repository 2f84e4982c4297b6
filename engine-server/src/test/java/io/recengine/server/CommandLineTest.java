package io.recengine.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    private static final Path DEFAULT_PLUGINS = Path.of("jar-dir", "plugins");

    private static CommandLine parse(Map<String, String> env, String... args) throws CommandLine.UsageException {
        return CommandLine.parse(List.of(args), env, DEFAULT_PLUGINS);
    }

    @Test
    void serveWithAllOptions() throws Exception {
        CommandLine cli = parse(Map.of(), "--config", "conf.json", "--port", "9000", "--plugins-dir", "p");
        assertThat(cli.command()).isEqualTo(CommandLine.Command.SERVE);
        assertThat(cli.config()).isEqualTo(Path.of("conf.json"));
        assertThat(cli.port()).isEqualTo(9000);
        assertThat(cli.pluginsDir()).isEqualTo(Path.of("p"));
    }

    @Test
    void equalsFormAndDefaults() throws Exception {
        CommandLine cli = parse(Map.of(), "--config=conf.json");
        assertThat(cli.config()).isEqualTo(Path.of("conf.json"));
        assertThat(cli.port()).isNull();
        assertThat(cli.pluginsDir()).isEqualTo(DEFAULT_PLUGINS);
    }

    @Test
    void configFallsBackToEnvironment() throws Exception {
        assertThat(parse(Map.of("CONFIG_PATH", "env.json")).config()).isEqualTo(Path.of("env.json"));
        assertThat(parse(Map.of("CONFIG_PATH", "env.json"), "--config", "arg.json").config())
                .isEqualTo(Path.of("arg.json"));
    }

    @Test
    void validateSubcommand() throws Exception {
        CommandLine cli = parse(Map.of(), "validate", "--config", "c.json", "--plugins-dir", "d");
        assertThat(cli.command()).isEqualTo(CommandLine.Command.VALIDATE);
        assertThat(cli.config()).isEqualTo(Path.of("c.json"));
        assertThat(cli.pluginsDir()).isEqualTo(Path.of("d"));
    }

    @Test
    void help() throws Exception {
        assertThat(parse(Map.of(), "--help").command()).isEqualTo(CommandLine.Command.HELP);
    }

    @Test
    void usageErrors() {
        assertThatThrownBy(() -> parse(Map.of()))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("CONFIG_PATH");
        assertThatThrownBy(() -> parse(Map.of(), "--config"))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--config", "c.json", "--port", "http"))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("number");
        assertThatThrownBy(() -> parse(Map.of(), "--config", "c.json", "--port", "70000"))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> parse(Map.of(), "--config", "c.json", "--verbose"))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> parse(Map.of(), "validate", "--config", "c.json", "--port", "1"))
                .isInstanceOf(CommandLine.UsageException.class);
    }

    @Test
    void goSpellingOfConfigAndRepeatedOptions() throws Exception {
        assertThat(parse(Map.of(), "-config", "go.json").config()).isEqualTo(Path.of("go.json"));
        assertThat(parse(Map.of(), "--port", "1", "--config", "c.json", "--port", "2").port()).isEqualTo(2);
    }

    @Test
    void helpShowsTheUsageOfTheCommandAskedFor() throws Exception {
        CommandLine validateHelp = parse(Map.of(), "validate", "--help");
        assertThat(validateHelp.command()).isEqualTo(CommandLine.Command.HELP);
        assertThat(validateHelp.usage()).contains("validate", "--config", "--plugins-dir").doesNotContain("--port");
        CommandLine help = parse(Map.of(), "help");
        assertThat(help.command()).isEqualTo(CommandLine.Command.HELP);
        assertThat(help.usage()).isEqualTo(CommandLine.USAGE).contains("validate", "--config", "--port", "--plugins-dir");
    }

    @Test
    void emptyValuesAreUsageErrors() {
        assertThatThrownBy(() -> parse(Map.of(), "--config="))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> parse(Map.of(), "--config", "c.json", "--plugins-dir", " "))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("--plugins-dir");
    }
}
