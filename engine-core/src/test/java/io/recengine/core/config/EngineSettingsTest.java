package io.recengine.core.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EngineSettingsTest {

    private static EngineConfig parse(String json) {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json", Path.of("."));
    }

    @Test
    void absentKeysTakeTheDefaults() {
        EngineSettings s = EngineSettings.of(parse("{}"));
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(s.recallThreads()).isEqualTo(Math.max(32, 8 * cores));
        assertThat(s.requestTimeoutMs()).isEqualTo(EngineSettings.DEFAULT_REQUEST_TIMEOUT_MS);
        assertThat(s.recallTimeoutMs()).isEqualTo(EngineSettings.DEFAULT_RECALL_TIMEOUT_MS);
        assertThat(s.callbackQueueSize()).isEqualTo(5000);
        assertThat(s.callbackWorkers()).isEqualTo(Math.max(8, 2 * cores));
        assertThat(s.callbackSpillDir()).isEqualTo("data/callback-spill");
        assertThat(s.callbackSpillFsync()).isFalse();
        assertThat(EngineSettings.check(parse("{}"))).isEmpty();
    }

    @Test
    void keysMatchCaseInsensitivelyAsEverywhereInTheConfig() {
        EngineSettings s = EngineSettings.of(parse("{\"engineconf\":{\"callbackqueuesize\":7,\"CALLBACKWORKERS\":2,"
                + "\"CallbackSpillSegmentMB\":0.5,\"CallbackTimeoutMs\":5.0}}"));
        assertThat(s.callbackQueueSize()).isEqualTo(7);
        assertThat(s.callbackWorkers()).isEqualTo(2);
        assertThat(s.callbackSpillSegmentMb()).isEqualTo(0.5);
        assertThat(s.callbackTimeoutMs()).isEqualTo(5);
    }

    @Test
    void everyProblemIsReportedAtOnceAndStartUpRefusesWithTheSameList() {
        EngineConfig config = parse("{\"EngineConf\":{\"PluginQueueSize\":0,\"AfterResponseThreads\":\"4\","
                + "\"CallbackDrainTimeoutMs\":-1,\"CallbackSpillDir\":5,\"CallbackSpillSegmentMB\":0,"
                + "\"RecallQueueSize\":99999999999}}");
        var problems = EngineSettings.check(config);
        assertThat(problems).extracting(p -> p.key()).containsExactly("RecallQueueSize", "PluginQueueSize",
                "AfterResponseThreads", "CallbackDrainTimeoutMs", "CallbackSpillDir", "CallbackSpillSegmentMB");
        assertThat(problems).allSatisfy(p -> assertThat(p.component()).isEqualTo("EngineConf"));
        assertThat(problems.get(4).getMessage()).isEqualTo("EngineConf, key CallbackSpillDir: want a string, got a number");
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> EngineSettings.of(config));
        assertThat(e.problems()).extracting(Throwable::getMessage)
                .isEqualTo(problems.stream().map(Throwable::getMessage).toList());
    }
}
