package io.recengine.tools;

import io.recengine.tools.quickstart.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ToolsTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Tools.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheToolsAndTheServersCommandLine() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("generate", "golden", "--config", "--plugins-dir", "validate");
    }

    @Test
    void generateHelpShowsItsOptions() {
        Run r = run("generate", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--size", "--out", "--users", "--items", "--interactions", "--seed");
    }

    @Test
    void generateRefusesAnUnknownSizeOrOption() {
        Run size = run("generate", "--size", "huge");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.err()).contains("unknown data set size 'huge'", "tiny, small, mid, large");
        Run option = run("generate", "--colour", "red");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("--colour");
    }

    @Test
    void generateWritesTheDataSetAndModel(@TempDir Path dir) throws Exception {
        Run r = run("generate", "--size", "tiny", "--users", "50", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        DatasetSpec expected = new DatasetSpec(50, DatasetSpec.TINY.items(), DatasetSpec.TINY.interactions(),
                DatasetSpec.TINY.categories(), DatasetSpec.TINY.dim(), DatasetSpec.TINY.seed());
        assertThat(Files.readString(dir.resolve("DATASET")).trim()).isEqualTo(expected.toString());
        assertThat(dir.resolve("fm_model.json")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("user_detail.csv"))).hasSize(1 + 50);
    }

    @Test
    void anyOtherCommandLineIsTheServers() {
        Run r = run("--config", "no-such-config.json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("config file not found");
    }
}
