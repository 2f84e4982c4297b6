package io.recengine.core.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.ConfigLoader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the match engine's data files, one row at a time, as field -> text:
 * <ul>
 *   <li>{@code csv}: RFC 4180 (comma separated, optional double quotes, {@code ""} inside quotes), the
 *       first line is the header; empty lines and lines starting with {@code #} are skipped;</li>
 *   <li>{@code jsonl}: one JSON object per line; strings stay, numbers and booleans print as JSON,
 *       arrays of scalars join with {@code ,}, objects stay JSON text.</li>
 * </ul>
 * A {@code .gz} suffix is decompressed.
 */
final class DataFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Format { CSV, JSONL }

    /** A problem at a line of a file. */
    static final class DataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DataException(String message) {
            super(message);
        }
    }

    private DataFiles() {
    }

    static Format formatOf(String declared, String path) {
        String f = declared == null ? "" : declared.toLowerCase();
        if (f.isEmpty()) {
            String p = path.toLowerCase();
            if (p.endsWith(".gz")) {
                p = p.substring(0, p.length() - 3);
            }
            f = p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".ndjson") ? "jsonl" : "csv";
        }
        return switch (f) {
            case "csv" -> Format.CSV;
            case "jsonl", "json", "ndjson" -> Format.JSONL;
            default -> throw new IllegalArgumentException("unknown format \"" + declared + "\"; use csv or jsonl");
        };
    }

    /** Calls {@code row} for every row; returns the CSV header (or the first JSON line's keys). */
    static List<String> read(Path file, Format format, Consumer<Map<String, String>> row) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            return format == Format.CSV ? readCsv(file, r, row) : readJsonl(file, r, row);
        }
    }

    private static List<String> readCsv(Path file, BufferedReader r, Consumer<Map<String, String>> row) throws IOException {
        List<String> header = null;
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // a quoted field may span lines
            while (unbalancedQuotes(line)) {
                String more = r.readLine();
                if (more == null) {
                    throw new DataException(file.getFileName() + " line " + n + ": unterminated quote");
                }
                line = line + "\n" + more;
            }
            List<String> cells = splitCsv(line);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.size() != header.size()) {
                throw new DataException(file.getFileName() + " line " + n + ": " + cells.size() + " fields, header has "
                        + header.size());
            }
            LinkedHashMap<String, String> m = new LinkedHashMap<>(header.size() * 2);
            for (int i = 0; i < cells.size(); i++) {
                m.put(header.get(i), cells.get(i));
            }
            row.accept(m);
        }
        if (header == null) {
            throw new DataException(file.getFileName() + ": no header line");
        }
        return header;
    }

    private static boolean unbalancedQuotes(String s) {
        int q = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                q++;
            }
        }
        return (q & 1) == 1;
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c != '\r') {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static List<String> readJsonl(Path file, BufferedReader r, Consumer<Map<String, String>> row) throws IOException {
        List<String> keys = null;
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DataException(file.getFileName() + " line " + n + ": not JSON: " + ConfigLoader.reason(e));
            }
            if (node == null || !node.isObject()) {
                throw new DataException(file.getFileName() + " line " + n + ": not a JSON object");
            }
            LinkedHashMap<String, String> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), text(e.getValue()));
            }
            if (keys == null) {
                keys = List.copyOf(m.keySet());
            }
            row.accept(m);
        }
        return keys == null ? List.of() : keys;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : v) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.isTextual() ? e.textValue() : e.toString());
            }
            return sb.toString();
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** Parses an embedding: numbers separated by {@code ,}, {@code |} or white space. */
    static float[] parseVector(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        String[] parts = t.split("[,|\\s]+");
        float[] v = new float[parts.length];
        int n = 0;
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            float f = Float.parseFloat(p);
            if (!Float.isFinite(f)) {
                throw new NumberFormatException("not a finite number: " + p);
            }
            v[n++] = f;
        }
        return n == v.length ? v : java.util.Arrays.copyOf(v, n);
    }
}
