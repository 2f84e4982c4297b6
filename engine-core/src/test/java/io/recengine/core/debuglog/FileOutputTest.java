package io.recengine.core.debuglog;

import io.recengine.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PAI-Rec's file output ({@code service/debug/debug_service.go}, {@code FileOutput.WriteLog} and
 * {@code getCurrFile}): tab-indented JSON appended to the newest {@code pairec.debug.<stamp>.log}, a new
 * file past the size limit, at most {@code MaxFileNum} files (PAI-Rec has no Go test for it).
 */
class FileOutputTest {

    @TempDir
    Path dir;

    /** A clock one second later at each read, so each new file gets its own stamp. */
    private static Clock ticking() {
        return TestClock.ticking(Instant.parse("2026-12-02T05:00:00Z"), Duration.ofSeconds(1));
    }

    private static Map<String, Object> record(int n) {
        Map<String, Object> r = new TreeMap<>();
        r.put("request_id", "r" + n);
        r.put("module", "recall");
        r.put("request_time", 1L);
        return r;
    }

    @Test
    void recordsAreTabIndentedJsonInOneFileBelowTheLimit() throws IOException {
        FileOutput out = new FileOutput(dir, 20, FileOutput.MAX_FILE_BYTES, ticking());
        out.write(record(1));
        out.write(record(2));
        List<Path> files = out.sortedFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).isEqualTo("pairec.debug.20261202050000.log");
        assertThat(Files.readString(files.get(0))).isEqualTo("""
                {
                \t"module": "recall",
                \t"request_id": "r1",
                \t"request_time": 1
                }
                {
                \t"module": "recall",
                \t"request_id": "r2",
                \t"request_time": 1
                }
                """);
    }

    @Test
    void aFileLargerThanTheLimitStartsANewOneAndAtMostMaxFileNumRemain() throws IOException {
        FileOutput out = new FileOutput(dir, 3, 10, ticking());
        for (int i = 1; i <= 6; i++) {
            out.write(record(i)); // each record is past the 10-byte limit: the next write opens a new file
        }
        List<Path> files = out.sortedFiles();
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "pairec.debug.20261202050003.log", "pairec.debug.20261202050004.log", "pairec.debug.20261202050005.log");
        assertThat(Files.readString(files.get(2))).contains("\"r6\"").doesNotContain("\"r5\"");
        assertThat(Files.readString(files.get(0))).contains("\"r4\"");
    }

    @Test
    void filesBeyondMaxFileNumAreRemovedEvenBelowTheLimit() throws IOException {
        for (String stamp : List.of("20260101000000", "20260101000001", "20260101000002")) {
            Files.writeString(dir.resolve("pairec.debug." + stamp + ".log"), "{}\n");
        }
        Files.writeString(dir.resolve("other.log"), "kept");
        FileOutput out = new FileOutput(dir, 2, FileOutput.MAX_FILE_BYTES, ticking());
        out.write(record(1));
        assertThat(out.sortedFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("pairec.debug.20260101000001.log", "pairec.debug.20260101000002.log");
        assertThat(Files.readString(dir.resolve("pairec.debug.20260101000002.log"))).contains("\"r1\"");
        assertThat(dir.resolve("other.log")).exists();
    }

    @Test
    void theDirectoryIsCreatedOnTheFirstRecord() throws IOException {
        Path sub = dir.resolve("a/b");
        FileOutput out = new FileOutput(sub, 20, FileOutput.MAX_FILE_BYTES, ticking());
        out.write(record(1));
        assertThat(out.sortedFiles()).hasSize(1);
    }
}
