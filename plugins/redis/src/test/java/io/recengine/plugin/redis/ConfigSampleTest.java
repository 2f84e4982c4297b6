package io.recengine.plugin.redis;

import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** config-samples/redis.json validates against the engine with this plugin (no connection made). */
class ConfigSampleTest {

    @Test
    void theSampleValidates() {
        var problems = RecEngine.validate(EngineOptions.of(Path.of("..", "..", "config-samples", "redis.json")));
        assertThat(problems).isEmpty();
    }
}
