package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.core.request.FeedRequest;
import io.recengine.spi.TypedFeature;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes feed and recall request bodies with the PAI-Rec feed controller's rules and messages:
 * field names match case-insensitively (Go's {@code encoding/json}), unknown fields are ignored,
 * defaults as in {@link FeedRequest}. Differences, on purpose: a numeric {@code uid} or
 * {@code item_id} is accepted and printed in plain digits (PAI-Rec rejects a numeric uid).
 * Thread-safe.
 */
public final class FeedRequestParser {

    private FeedRequestParser() {
    }

    /** Parses JSON bytes into a tree within the default {@link InputLimits}, with Go-like messages. */
    public static JsonNode readTree(byte[] body) {
        return GoBody.readTree(body, InputLimits.DEFAULTS);
    }

    /** Decodes and validates a feed request body within the default {@link InputLimits}. */
    public static FeedRequest parse(byte[] body) {
        return parse(body, InputLimits.DEFAULTS);
    }

    /** Decodes and validates a feed (or recall) request body within {@code limits}. */
    public static FeedRequest parse(byte[] body, InputLimits limits) {
        GoBody b = GoBody.parse(body, "RecommendParam", limits);
        String requestId = b.string("request_id", false);
        if (requestId.isEmpty()) {
            requestId = UUID.randomUUID().toString();
        }
        String uid = b.string("uid", true);
        int size = b.integer("size");
        String scene = b.string("scene_id", false);
        String category = b.string("category", false);
        boolean debug = b.bool("debug");
        String itemId = b.string("item_id", true);
        Map<String, Object> features = b.object("features", "map[string]interface {}");
        List<TypedFeature> complex = b.complexTypeFeatures("[]web.ComplexTypeFeature");
        for (TypedFeature tf : complex) {
            if (tf.value() != null) {
                features.put(tf.name(), tf.value());
            }
        }
        List<Map<String, Object>> itemList = b.itemList();
        GoBody.requireItemIds(itemList, "");
        if (uid.isEmpty()) {
            throw new RequestException("uid not empty", requestId);
        }
        return new FeedRequest(uid, size <= 0 ? FeedRequest.DEFAULT_SIZE : size,
                scene.isEmpty() ? FeedRequest.DEFAULT_SCENE : scene,
                category.isEmpty() ? FeedRequest.DEFAULT_CATEGORY : category, requestId, debug, features, complex,
                itemId, itemList);
    }

    /** The request id of a body whose decoding failed later, for the error envelope; {@code ""} if unknown. */
    public static String requestIdOf(byte[] body) {
        return requestIdOf(body, InputLimits.DEFAULTS);
    }

    /**
     * The top-level {@code request_id} string of a body whose decoding failed, for the error envelope;
     * {@code ""} if there is none before the fault. Streams the body (no tree), within {@code limits}.
     */
    public static String requestIdOf(byte[] body, InputLimits limits) {
        String found = "";
        if (body == null || body.length == 0) {
            return found;
        }
        try (JsonParser p = limits.mapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("request_id".equalsIgnoreCase(name)) {
                    found = value == JsonToken.VALUE_STRING ? p.getText() : ""; // Go: the last duplicate wins
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not decodable past this point: the id found so far
        }
        return found;
    }
}
