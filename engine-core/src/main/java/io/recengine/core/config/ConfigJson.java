package io.recengine.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentFactory;

import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A component's config as JSON text for logs, health and debug output, with the factory's
 * {@link ComponentFactory#secretKeys() secret keys} masked ({@link ComponentConfig#masked}). The plugin
 * API has no JSON library, so configs are rendered here. Thread-safe.
 */
public final class ConfigJson {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();

    private ConfigJson() {
    }

    /** {@code config} as one line of JSON, the values of {@code secretKeys} (any depth, any case) masked. */
    public static String write(ComponentConfig config, Set<String> secretKeys) {
        try {
            return WRITER.writeValueAsString(config.masked(secretKeys));
        } catch (JsonProcessingException e) {
            // a config tree holds only JSON values: this cannot fail
            throw new UncheckedIOException(e);
        }
    }

    /** {@code config} as one line of JSON, the secrets of the factory that reads it masked. */
    public static String write(ComponentConfig config, ComponentFactory<?> factory) {
        return write(config, factory.secretKeys());
    }
}
