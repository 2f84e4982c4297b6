package io.recengine.core.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Hot reload's {@code EngineConf} keys: the watch interval, admin credentials in pairs and never printed. */
class ReloadSettingsTest {

    private static EngineConfig parse(String json) {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json", Path.of("."));
    }

    @Test
    void watchedEverySecondAndNoAdminRoutesByDefault() {
        EngineSettings s = EngineSettings.of(parse("{}"));
        assertThat(s.configWatchIntervalMs()).isEqualTo(1000);
        assertThat(s.adminEnabled()).isFalse();
    }

    @Test
    void adminCredentialsGoTogetherAndNeverPrint() {
        EngineSettings s = EngineSettings.of(parse(
                "{\"EngineConf\":{\"AdminUsername\":\"ops\",\"AdminPassword\":\"s3cret\",\"ConfigWatchIntervalMs\":0}}"));
        assertThat(s.adminEnabled()).isTrue();
        assertThat(s.configWatchIntervalMs()).isZero();
        assertThat(s.toString()).doesNotContain("s3cret");

        assertThat(EngineSettings.check(parse("{\"EngineConf\":{\"AdminUsername\":\"ops\"}}")))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("AdminPassword")
                        .contains("set both or neither"));
        assertThat(EngineSettings.check(parse("{\"EngineConf\":{\"ConfigWatchIntervalMs\":-1}}"))).hasSize(1);
    }
}
