package io.recengine.core.match;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A replicated match engine's tables as of known log offsets, on local disk, so that a restart replays only
 * the log after them. One gzip file of JSON lines: a header (format version, the log, the offsets, the
 * tables' names, kinds and schemas), then one line per row, trigger or vector. Written to a temporary file
 * and renamed over the previous snapshot, so a crash mid-write leaves the old one.
 *
 * @param log     the log the offsets belong to ({@code UpdateLog.describe()}); another log's snapshot is not used
 * @param offsets partition -> the next offset to apply
 */
record MatchSnapshot(String log, Map<Integer, Long> offsets, Map<String, TableData> tables) {

    static final String FILE = "match-snapshot.json.gz";
    private static final int VERSION = 1;
    /** Decimals read exactly, so that a float goes back to the very float written. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One table's content as read back. */
    static final class TableData {
        final MatchConfig.Kind kind;
        final List<String> fields;
        final int dimension;
        final List<Map<String, String>> rows = new ArrayList<>();
        final Map<String, Map<String, Double>> x2i = new LinkedHashMap<>();
        final List<String> ids = new ArrayList<>();
        final List<float[]> vectors = new ArrayList<>();

        TableData(MatchConfig.Kind kind, List<String> fields, int dimension) {
            this.kind = kind;
            this.fields = fields;
            this.dimension = dimension;
        }
    }

    /** Whether this snapshot holds exactly the configured tables, with their kinds (else it is not used). */
    boolean matches(MatchConfig config) {
        if (tables.size() != config.tables().size()) {
            return false;
        }
        for (MatchConfig.Table t : config.tables()) {
            TableData d = tables.get(t.name());
            if (d == null || d.kind != t.kind()) {
                return false;
            }
        }
        return true;
    }

    /** Writes the tables with the offsets they cover; the caller makes sure no update runs meanwhile. */
    static void write(Path dir, MatchTables tables, String log, Map<Integer, Long> offsets) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16);
             JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("log", log);
            g.writeObjectFieldStart("offsets");
            for (Map.Entry<Integer, Long> e : new TreeMap<>(offsets).entrySet()) {
                g.writeNumberField(Integer.toString(e.getKey()), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("tables");
            for (MatchConfig.Table t : tables.confs.values()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("kind", t.kind().name());
                if (t.kind() == MatchConfig.Kind.DETAIL) {
                    g.writeArrayFieldStart("fields");
                    for (String f : tables.details.get(t.name()).fields()) {
                        g.writeString(f);
                    }
                    g.writeEndArray();
                } else if (t.kind() == MatchConfig.Kind.VECTOR) {
                    g.writeNumberField("dimension", tables.vectors.get(t.name()).dimension());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            IOException[] failed = new IOException[1];
            tables.details.forEach((name, d) -> d.forEach((key, row) -> line(failed, () -> {
                g.writeStartObject();
                g.writeStringField("t", name);
                g.writeStringField("k", key);
                g.writeObjectFieldStart("r");
                for (Map.Entry<String, String> f : row.entrySet()) {
                    g.writeStringField(f.getKey(), f.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            })));
            tables.x2i.forEach((name, x) -> x.forEach((trigger, entries) -> line(failed, () -> {
                g.writeStartObject();
                g.writeStringField("t", name);
                g.writeStringField("k", trigger);
                g.writeArrayFieldStart("i");
                for (X2iTable.Entry e : entries) {
                    g.writeStartArray();
                    g.writeString(e.item());
                    g.writeNumber(e.score());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            })));
            tables.vectors.forEach((name, v) -> v.forEachLive((id, vec) -> line(failed, () -> {
                g.writeStartObject();
                g.writeStringField("t", name);
                g.writeStringField("k", id);
                g.writeArrayFieldStart("v");
                for (float f : vec) {
                    g.writeNumber(f);
                }
                g.writeEndArray();
                g.writeEndObject();
            })));
            if (failed[0] != null) {
                throw failed[0];
            }
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Line {
        void write() throws IOException;
    }

    /** Writes one line unless an earlier one failed (the table iterations take no checked exceptions). */
    private static void line(IOException[] failed, Line line) {
        if (failed[0] != null) {
            return;
        }
        try {
            line.write();
        } catch (IOException e) {
            failed[0] = e;
        }
    }

    /** The snapshot in {@code dir}, or null when there is none. */
    static MatchSnapshot read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String first = r.readLine();
            if (first == null) {
                throw new IOException(file.getFileName() + " is empty");
            }
            JsonNode head = JSON.readTree(first);
            if (head.path("version").asInt() != VERSION) {
                throw new IOException(file.getFileName() + " has format version " + head.path("version")
                        + ", this engine reads " + VERSION);
            }
            Map<Integer, Long> offsets = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = head.path("offsets").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            }
            Map<String, TableData> tables = new LinkedHashMap<>();
            for (JsonNode t : head.path("tables")) {
                List<String> fields = new ArrayList<>();
                t.path("fields").forEach(f -> fields.add(f.asText()));
                tables.put(t.path("name").asText(), new TableData(MatchConfig.Kind.valueOf(t.path("kind").asText()),
                        List.copyOf(fields), t.path("dimension").asInt()));
            }
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                TableData d = tables.get(n.path("t").asText());
                if (d == null) {
                    throw new IOException(file.getFileName() + ": a line of unknown table '" + n.path("t").asText() + "'");
                }
                String key = n.path("k").asText();
                switch (d.kind) {
                    case DETAIL -> {
                        Map<String, String> row = new LinkedHashMap<>();
                        n.path("r").fields().forEachRemaining(f -> row.put(f.getKey(), f.getValue().asText()));
                        d.rows.add(row);
                    }
                    case X2I -> {
                        Map<String, Double> items = new LinkedHashMap<>();
                        n.path("i").forEach(e -> items.put(e.get(0).asText(), e.get(1).decimalValue().doubleValue()));
                        d.x2i.put(key, items);
                    }
                    case VECTOR -> {
                        JsonNode v = n.path("v");
                        float[] vec = new float[v.size()];
                        for (int i = 0; i < vec.length; i++) {
                            vec[i] = Float.parseFloat(v.get(i).decimalValue().toString());
                        }
                        d.ids.add(key);
                        d.vectors.add(vec);
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return new MatchSnapshot(head.path("log").asText(), Map.copyOf(offsets), tables);
        }
    }
}
