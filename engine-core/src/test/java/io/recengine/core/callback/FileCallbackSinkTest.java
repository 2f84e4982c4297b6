package io.recengine.core.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.ComponentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file sink keeps whole rows only: a torn last row is cut at open, a failed write is undone. */
class FileCallbackSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    private static CallbackRow row(String requestId, String module) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("module", module);
        m.put("request_time", 1_795_900_000L);
        m.put("item_features", "{\"a\":1}");
        return CallbackRow.of(m);
    }

    /** Every line of the file, parsed: fails on a line that is not one JSON object. */
    private List<JsonNode> lines(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            out.add(n);
        }
        return out;
    }

    @Test
    void aTornLastRowIsCutAtOpenSoTheNextRowNeverJoinsIt() throws Exception {
        Path file = tmp.resolve("cb.log");
        // two whole rows and the first half of a third, as a kill -9 in the middle of a write leaves them
        String whole = "{\"request_id\":\"k2-18\",\"module\":\"user\"}\n{\"request_id\":\"k2-18\",\"module\":\"item\"}\n";
        Files.writeString(file, whole + "{\"request_id\":\"k2-19\",\"module\":\"item\",\"item_features\":\"{", StandardCharsets.UTF_8);

        FileCallbackSink sink = new FileCallbackSink(tmp, "cb.log", 256 * MB, 10, false);
        assertThat(Files.readString(file)).isEqualTo(whole);
        sink.write(List.of(row("k2-19", "user"), row("k2-19", "item")));
        sink.close();

        assertThat(lines(file)).extracting(n -> n.get("request_id").asText() + "/" + n.get("module").asText())
                .containsExactly("k2-18/user", "k2-18/item", "k2-19/user", "k2-19/item");
    }

    @Test
    void aFileWithoutANewlineAtAllIsEmptiedAndAWholeFileIsLeftAlone() throws Exception {
        Files.writeString(tmp.resolve("torn.log"), "{\"request_id\":\"only-half");
        new FileCallbackSink(tmp, "torn.log", 256 * MB, 10, false).close();
        assertThat(Files.size(tmp.resolve("torn.log"))).isZero();

        String whole = "{\"request_id\":\"a\"}\n";
        Files.writeString(tmp.resolve("whole.log"), whole);
        new FileCallbackSink(tmp, "whole.log", 256 * MB, 10, false).close();
        assertThat(Files.readString(tmp.resolve("whole.log"))).isEqualTo(whole);
    }

    @Test
    void aWriteThatFailsOnAFullDiskLeavesNoPartOfTheBatch() throws Exception {
        FullDisk disk = new FullDisk();
        FileCallbackSink sink = new FileCallbackSink(tmp, "cb.log", 256 * MB, 10, false, disk);
        sink.write(List.of(row("r1", "user")));
        long size = Files.size(tmp.resolve("cb.log"));

        disk.full = true;
        assertThatThrownBy(() -> sink.write(List.of(row("r2", "user"), row("r2", "item"))))
                .isInstanceOf(ComponentException.class).hasMessageContaining("No space left on device");
        assertThat(Files.size(tmp.resolve("cb.log"))).isEqualTo(size);

        disk.full = false;
        sink.write(List.of(row("r2", "user"), row("r2", "item")));
        sink.close();
        assertThat(lines(tmp.resolve("cb.log"))).extracting(n -> n.get("request_id").asText())
                .containsExactly("r1", "r2", "r2");
    }
}
