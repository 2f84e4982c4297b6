package io.recengine.core.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The diagnostic page's {@code EngineConf} keys: off and open by default, ranges, credentials in pairs. */
class DiagnoseSettingsTest {

    private static EngineConfig parse(String json) {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json", Path.of("."));
    }

    @Test
    void noReplayAndNoCredentialsByDefault() {
        EngineSettings s = EngineSettings.of(parse("{}"));
        assertThat(s.diagnoseRecentRequests()).isZero();
        assertThat(s.diagnoseGuarded()).isFalse();
    }

    @Test
    void credentialsGoTogetherAndNeverPrint() {
        EngineSettings s = EngineSettings.of(parse(
                "{\"EngineConf\":{\"DiagnoseUsername\":\"admin\",\"DiagnosePassword\":\"s3cret\",\"DiagnoseRecentRequests\":20}}"));
        assertThat(s.diagnoseGuarded()).isTrue();
        assertThat(s.diagnoseRecentRequests()).isEqualTo(20);
        assertThat(s.toString()).doesNotContain("s3cret");

        assertThat(EngineSettings.check(parse("{\"EngineConf\":{\"DiagnosePassword\":\"x\"}}")))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("DiagnoseUsername")
                        .contains("set both or neither"));
        assertThat(EngineSettings.check(parse("{\"EngineConf\":{\"DiagnoseRecentRequests\":-1}}"))).hasSize(1);
        assertThat(EngineSettings.check(parse("{\"EngineConf\":{\"DiagnoseRecentRequests\":100000}}"))).hasSize(1);
    }
}
