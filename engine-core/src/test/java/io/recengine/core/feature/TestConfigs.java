package io.recengine.core.feature;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** Test helpers: JSON (single quotes allowed) to {@link ComponentConfig}, fixed clocks. */
final class TestConfigs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestConfigs() {
    }

    static ComponentConfig conf(String path, String json) {
        try {
            Map<String, Object> map = MAPPER.readValue(json.replace('\'', '"'), new TypeReference<>() {
            });
            return ComponentConfig.of(path, map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock fixed at the given local date-time of the system default zone (the normalizers' zone). */
    static Clock fixedLocal(int year, int month, int day, int hour, int minute) {
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute);
        return Clock.fixed(t.atZone(ZoneId.systemDefault()).toInstant(), ZoneOffset.UTC);
    }
}
