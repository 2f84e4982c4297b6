package io.recengine.core.config;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the loader refuses, in Go's terms and without Java or Jackson names. */
class ConfigLoaderTest {

    private static String refused(String json) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "c.json", Path.of(".")));
        assertThat(e).as(json).isNotNull();
        assertThat(e.getMessage()).startsWith("config c.json: ")
                .doesNotContain("java.", "LinkedHashMap", "Jackson", "FAIL_ON", "Exception", "Source:");
        return e.reason();
    }

    @Test
    void trailingContentAfterTheObject() {
        assertThat(refused("{\"a\":1} x")).startsWith("invalid character 'x' after top-level value");
        assertThat(refused("{\"a\":1}\n\n  }")).startsWith("invalid character '}' after top-level value")
                .contains("line 1");
        assertThat(refused("{\"a\":1}{\"b\":2}")).startsWith("invalid character '{' after top-level value");
        assertThat(refused("{\"a\":1} é")).startsWith("invalid character 'é' after top-level value");
    }

    @Test
    void trailingWhiteSpaceIsFine() {
        EngineConfig c = ConfigLoader.parse("{\"ListenConf\":{\"HttpPort\":9}} \n\t\r\n".getBytes(StandardCharsets.UTF_8),
                "c.json", Path.of("."));
        assertThat(c.httpPort()).isEqualTo(9);
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertThat(refused("[1, 2]")).isEqualTo("the top level must be a JSON object, got an array");
        assertThat(refused("\"s\"")).isEqualTo("the top level must be a JSON object, got a string");
        assertThat(refused("true")).isEqualTo("the top level must be a JSON object, got a boolean");
        assertThat(refused("1.5")).isEqualTo("the top level must be a JSON object, got a number");
    }

    @Test
    void emptyNullAndBrokenText() {
        assertThat(refused("")).isEqualTo("the config is empty");
        assertThat(refused("  \n")).isEqualTo("the config is empty");
        assertThat(refused("null")).isEqualTo("the config is empty (null)");
        assertThat(refused("{\"a\":}")).startsWith("invalid JSON at line 1, column 6: ");
        assertThat(refused("{\"a\":1")).startsWith("invalid JSON at line 1")
                .endsWith("expected close marker for Object (start marker at line 1, column 1)");
    }
}
