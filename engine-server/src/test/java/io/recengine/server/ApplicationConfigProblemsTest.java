package io.recengine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code validate} and a start refuse the same bad configs with the same one-line problems, exit code 1,
 * and no stack trace or Java class name: in process, through {@link Application#run} (EngineJarIT runs the
 * packaged jar with plugin datasources).
 */
class ApplicationConfigProblemsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Application.run(args, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs validate and a start on {@code json}; both must fail with the same problems, which it returns. */
    private List<String> bothRefuse(String json) throws Exception {
        Path config = dir.resolve("recconf.json");
        Files.writeString(config, json);
        Path plugins = Files.createDirectories(dir.resolve("no-plugins"));
        Run validate = run("validate", "--config", config.toString(), "--plugins-dir", plugins.toString());
        Run start = run("--config", config.toString(), "--plugins-dir", plugins.toString(), "--port", "0");
        assertThat(validate.exit()).as(validate.toString()).isEqualTo(1);
        assertThat(start.exit()).as(start.toString()).isEqualTo(1);
        List<String> validated = validate.out().lines().filter(l -> !l.isBlank()).toList();
        List<String> started = start.err().lines().filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList();
        assertThat(validated).isNotEmpty().isEqualTo(started);
        for (Run r : List.of(validate, start)) {
            assertThat(r.out() + r.err()).doesNotContain("Exception", "\tat ", "at io.", "java.", "Jackson");
        }
        return validated;
    }

    @Test
    void engineKeysTrailingTextAndMissingFilesAreOneLineEach() throws Exception {
        String scene = "\"SceneConfs\":{\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}}";
        assertThat(bothRefuse("{" + scene + ",\"EngineConf\":{\"CallbackQueueSize\":\"x\",\"CallbackWorkers\":0}}"))
                .containsExactly("EngineConf, key CallbackQueueSize: want an integer >= 1, got string \"x\"",
                        "EngineConf, key CallbackWorkers: want an integer from 1 to 10000, got number 0");
        assertThat(bothRefuse("{" + scene + "} x")).singleElement().asString()
                .contains("invalid character 'x' after top-level value");
        assertThat(bothRefuse("[{" + scene + "}]")).singleElement().asString()
                .endsWith("the top level must be a JSON object, got an array");
        assertThat(bothRefuse("{" + scene + ",\"MatchEngineConf\":{\"Tables\":[{\"Name\":\"items\",\"Kind\":\"detail\","
                + "\"Path\":\"items.csv\",\"PrimaryKey\":\"id\"}]}}")).singleElement().asString()
                .isEqualTo("'items' (MatchEngineConf.Tables[0]), key Path: file not found: items.csv (relative to the config)");
    }
}
