package io.recengine.plugin.mysql;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** config-samples/mysql.json validates against the engine with this plugin (no connection made). */
class ConfigSampleTest {

    @Test
    void theSampleValidates() {
        var problems = RecEngine.validate(EngineOptions.of(Path.of("..", "..", "config-samples", "mysql.json")));
        assertThat(problems).isEmpty();
    }
}
