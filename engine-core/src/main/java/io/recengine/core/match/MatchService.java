package io.recengine.core.match;

import io.recengine.core.api.ApiResponse;
import io.recengine.core.api.ResponseWriter;
import io.recengine.core.config.EngineConfig;

import java.time.Clock;
import java.util.Map;

/**
 * The embedded match engine and its AIME HTTP contract ({@code /be}, {@code /sendmsg}). (Placeholder
 * until the AIME work lands.)
 */
public final class MatchService implements AutoCloseable {

    private MatchService() {
    }

    public static MatchService build(EngineConfig config, Clock clock) {
        return new MatchService();
    }

    /** Engine services exposed to plugins through {@code PluginContext.service(type)}. */
    public Map<Class<?>, Object> services() {
        return Map.of();
    }

    /** {@code GET /be}: the raw (undecoded) query string and the Authorization header. Never throws. */
    public ApiResponse be(String rawQuery, String authorization) {
        return new ApiResponse(404, 404, ResponseWriter.envelope(404, "url not found route info", ""));
    }

    /** {@code /sendmsg}: the raw query string, a form body (may be empty) and the Authorization header. */
    public ApiResponse sendmsg(String rawQuery, byte[] formBody, String authorization) {
        return new ApiResponse(404, 404, ResponseWriter.envelope(404, "url not found route info", ""));
    }

    @Override
    public void close() {
    }
}
