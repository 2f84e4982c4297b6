package io.recengine.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.Map;

/** A recall's {@code CacheConfig}, read alike by {@code validate} and by the recall cache at start-up. */
public final class RecallCacheConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecallCacheConfig() {
    }

    /**
     * The recall's {@code CacheConfig} as the cache factory's config: PAI-Rec's JSON string (for example
     * {@code {"host":"127.0.0.1","port":6379}}), or an object written in place (an extension).
     */
    @SuppressWarnings("unchecked")
    public static ComponentConfig of(ComponentConfig c) {
        String path = c.path() + ".CacheConfig";
        Object raw = c.raw("CacheConfig");
        if (raw == null || raw instanceof Map<?, ?>) {
            return c.child("CacheConfig");
        }
        String text = String.valueOf(raw).trim();
        if (text.isEmpty()) {
            return ComponentConfig.empty(path);
        }
        try {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return ComponentConfig.of(path, (Map<String, ?>) m);
            }
        } catch (JsonProcessingException e) {
            // the text may hold a password: the message names the place only
            throw new ConfigException(c.component(), "CacheConfig", "is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        throw new ConfigException(c.component(), "CacheConfig", "must be a JSON object, as a string or in place");
    }
}
