package io.recengine.core.debuglog;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PAI-Rec's choice of a logged request ({@code service/debug/debug_service.go}, {@code NewDebugService}:
 * {@code Rate} 100, a debug user, else a draw at {@code Rate} percent) and the checks of a
 * {@code DebugConfig} (PAI-Rec has no Go test for either).
 */
class DebugLogConfigTest {

    @Test
    void rate100ChoosesEveryRequest() {
        DebugLogConfig c = DebugLogConfig.of("DebugConfs.home", Map.of("Rate", 100, "OutputType", "console"));
        for (int i = 0; i < 200; i++) {
            assertThat(c.chosen("u" + i)).isTrue();
        }
    }

    @Test
    void rate0ChoosesOnlyTheDebugUsers() {
        DebugLogConfig c = DebugLogConfig.of("DebugConfs.home", Map.of("DebugUsers", List.of("u7", "u9")));
        assertThat(c.chosen("u7")).isTrue();
        assertThat(c.chosen("u9")).isTrue();
        for (int i = 0; i < 200; i++) {
            assertThat(c.chosen("x" + i)).isFalse();
        }
        assertThat(c.outputType()).isEmpty();
        assertThat(c.maxFileNum()).isEqualTo(DebugLogConfig.DEFAULT_MAX_FILE_NUM);
    }

    @Test
    void keysMatchCaseInsensitivelyAsGoDecodesThem() {
        DebugLogConfig c = DebugLogConfig.of("DebugConfs.home", Map.of("rate", 30, "outputtype", "file",
                "filepath", "logs/debug", "maxfilenum", 3));
        assertThat(c.rate()).isEqualTo(30);
        assertThat(c.outputType()).isEqualTo("file");
        assertThat(c.filePath()).isEqualTo("logs/debug");
        assertThat(c.maxFileNum()).isEqualTo(3);
    }

    @Test
    void theExperimentParamIsJsonTextOrAnObject() {
        assertThat(DebugLogConfig.ofParam("{\"Rate\": 100, \"OutputType\": \"console\"}").rate()).isEqualTo(100);
        assertThat(DebugLogConfig.ofParam(Map.of("Rate", 5)).rate()).isEqualTo(5);
        assertThatThrownBy(() -> DebugLogConfig.ofParam("{not json")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("debugConfig");
        assertThatThrownBy(() -> DebugLogConfig.ofParam(42)).isInstanceOf(ConfigException.class);
    }

    @Test
    void badValuesNameTheSceneTheKeyAndTheAlternatives() {
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.home", Map.of("Rate", 101)))
                .hasMessageContaining("DebugConfs.home").hasMessageContaining("Rate").hasMessageContaining("0..100");
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.home", Map.of("Rate", -1)))
                .hasMessageContaining("Rate");
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.home", Map.of("OutputType", "file")))
                .hasMessageContaining("DebugConfs.home").hasMessageContaining("FilePath");
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.home", Map.of("OutputType", "syslog")))
                .hasMessageContaining("OutputType").hasMessageContaining("'syslog'")
                .hasMessageContaining("[console, file]");
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.feed", Map.of("OutputType", "datahub",
                "DatahubName", "dh"))).hasMessageContaining("DebugConfs.feed").hasMessageContaining("'datahub'")
                .hasMessageContaining("not supported").hasMessageContaining("[console, file]");
        assertThatThrownBy(() -> DebugLogConfig.of("DebugConfs.feed", Map.of("OutputType", "kafka")))
                .hasMessageContaining("'kafka'").hasMessageContaining("not supported");
    }
}
