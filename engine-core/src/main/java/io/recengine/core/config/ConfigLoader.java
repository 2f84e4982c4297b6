package io.recengine.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a PAI-Rec JSON config into the case-insensitive {@link ComponentConfig} tree that the rest of
 * the engine reads with Go's decoding rules.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*(?:\\][^;]*)?; line: (\\d+), column: (\\d+)\\]");

    private ConfigLoader() {
    }

    /** Reads and parses the file; a missing file or bad JSON is a {@link ConfigException} naming the file. */
    public static EngineConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config " + file, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException("config " + file, "", "cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses JSON text; {@code source} names it in messages, {@code baseDir} resolves relative paths. As Go's
     * {@code json.Unmarshal}, the text must be one JSON object and nothing else but white space.
     */
    public static EngineConfig parse(byte[] json, String source, Path baseDir) {
        String where = "config " + source;
        Object tree;
        try (JsonParser p = MAPPER.createParser(json)) {
            if (p.nextToken() == null) {
                throw new ConfigException(where, "", "the config is empty");
            }
            tree = MAPPER.readValue(p, Object.class);
            JsonLocation end = p.currentLocation();
            boolean more;
            try {
                more = p.nextToken() != null;
            } catch (JsonParseException e) {
                more = true;
            }
            if (more) {
                throw trailing(where, json, end);
            }
        } catch (JsonParseException e) {
            throw new ConfigException(where, "", "invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + reason(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(where, "", "invalid JSON: " + reason(e));
        } catch (IOException e) {
            // a byte array does not fail to read
            throw new ConfigException(where, "", "cannot parse: " + e.getMessage(), e);
        }
        if (tree == null) {
            throw new ConfigException(where, "", "the config is empty (null)");
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ConfigException(where, "", "the top level must be a JSON object, got "
                    + (tree instanceof List ? "an array" : tree instanceof String ? "a string" : tree instanceof Boolean
                    ? "a boolean" : "a number"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) map;
        return new EngineConfig(ComponentConfig.of("", root), source, baseDir);
    }

    /**
     * Jackson's message without its source description ({@code [Source: REDACTED (`StreamReadFeature...`
     * disabled); line: 1, column: 1]}), which names a Jackson feature: only the line and column stay. For
     * every message about JSON the engine reads from files.
     */
    public static String reason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return SOURCE.matcher(m).replaceAll("line $1, column $2");
    }

    /** Go's words for text after the object: {@code invalid character 'x' after top-level value}. */
    private static ConfigException trailing(String where, byte[] json, JsonLocation end) {
        int i = (int) Math.max(0, Math.min(json.length, end.getByteOffset()));
        while (i < json.length && Character.isWhitespace(json[i])) {
            i++;
        }
        String ch = i < json.length ? new String(json, i, Math.min(utf8Length(json[i]), json.length - i),
                StandardCharsets.UTF_8) : "?";
        return new ConfigException(where, "", "invalid character '" + ch + "' after top-level value (the value"
                + " ends at line " + end.getLineNr() + ", column " + end.getColumnNr() + ")");
    }

    private static int utf8Length(byte lead) {
        int b = lead & 0xff;
        return b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    }
}
