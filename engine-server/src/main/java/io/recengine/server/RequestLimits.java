package io.recengine.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.server.HttpServerConfiguration;
import io.recengine.core.RecEngine;
import io.recengine.server.wire.InputLimits;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The request limits of the API routes, read once at start: the body size (Micronaut's
 * {@code max-request-size} and {@code max-request-buffer-size}), what a body may hold ({@link InputLimits} from {@code EngineConf}) and the
 * heap the bodies in flight may take ({@code EngineConf.MaxInFlightHeapBytes}, default half the heap).
 *
 * <p>A body is charged its own bytes plus an estimate of the tree and plain values it becomes while it is
 * served: {@value #HEAP_PER_BODY_BYTE} bytes of heap per body byte, but no more than
 * {@value #HEAP_PER_TOKEN} per JSON token the token limit allows. Both figures are measured worst cases
 * within the limits, with headroom: arrays of empty objects take ~60 bytes per body byte and ~90 bytes per
 * token; a 16 MB {@code features} object of 430,000 entries ~100 MB.
 */
// created with the context (not at the first request), so that the limits are logged at start
@Context
final class RequestLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLimits.class);

    static final String MAX_IN_FLIGHT_HEAP_BYTES = "MaxInFlightHeapBytes";
    static final int HEAP_PER_BODY_BYTE = 64;
    static final int HEAP_PER_TOKEN = 128;

    private final long maxBodyBytes;
    private final InputLimits input;
    private final BodyBudget bodies;

    RequestLimits(RecEngine engine, HttpServerConfiguration server) {
        ComponentConfig ec = engine.engineConf();
        // the routes take the whole body: the smaller of the two limits is the one a client meets
        this.maxBodyBytes = Math.min(server.getMaxRequestSize(), server.getMaxRequestBufferSize());
        this.input = InputLimits.of(ec);
        long inFlight = inFlightHeapBytes(ec, defaultInFlight(Runtime.getRuntime().maxMemory()));
        this.bodies = new BodyBudget(inFlight);
        LOG.info("request limits: body {} bytes, {} bytes of heap for bodies in flight (a maximum-size body is "
                + "charged {}), {}", maxBodyBytes, inFlight, treeHeap(maxBodyBytes) + maxBodyBytes, input);
    }

    /**
     * The problems of the limit keys in {@code EngineConf} (wrong type, below 1), for {@code validate} and
     * for the start, before the HTTP server: empty when they are fine.
     */
    static List<ConfigException> check(ComponentConfig engineConf) {
        List<ConfigException> problems = new ArrayList<>();
        try {
            InputLimits.of(engineConf);
        } catch (ConfigException e) {
            problems.add(e);
        }
        try {
            inFlightHeapBytes(engineConf, 1);
        } catch (ConfigException e) {
            problems.add(e);
        }
        return problems;
    }

    private static long inFlightHeapBytes(ComponentConfig ec, long def) {
        long v = ec.longValue(MAX_IN_FLIGHT_HEAP_BYTES, def);
        if (v < 1) {
            throw new ConfigException(ec.component(), MAX_IN_FLIGHT_HEAP_BYTES, "must be at least 1, got " + v);
        }
        return v;
    }

    /** Half the heap: the other half stays for the engine (match tables, caches, queues). */
    static long defaultInFlight(long maxHeapBytes) {
        return Math.max(1, maxHeapBytes / 2);
    }

    /** The heap a decoded body of {@code bytes} may become while it is served (its own bytes not included). */
    long treeHeap(long bytes) {
        return treeHeap(bytes, input.maxJsonTokens());
    }

    static long treeHeap(long bytes, int maxJsonTokens) {
        return Math.min(bytes * HEAP_PER_BODY_BYTE, (long) maxJsonTokens * HEAP_PER_TOKEN);
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    InputLimits input() {
        return input;
    }

    /** The heap bytes charged to bodies in flight. */
    BodyBudget bodies() {
        return bodies;
    }
}
