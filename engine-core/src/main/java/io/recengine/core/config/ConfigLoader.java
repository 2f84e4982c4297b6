package io.recengine.core.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a PAI-Rec JSON config into the case-insensitive {@link ComponentConfig} tree that the rest of
 * the engine reads with Go's decoding rules.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

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

    /** Parses JSON text; {@code source} names it in messages, {@code baseDir} resolves relative paths. */
    public static EngineConfig parse(byte[] json, String source, Path baseDir) {
        Map<String, Object> tree;
        try {
            tree = MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonParseException e) {
            throw new ConfigException("config " + source, "", "invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("config " + source, "", "the config must be a JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config " + source, "", "cannot parse: " + e.getMessage(), e);
        }
        if (tree == null) {
            throw new ConfigException("config " + source, "", "the config is empty (null)");
        }
        return new EngineConfig(ComponentConfig.of("", tree), source, baseDir);
    }
}
