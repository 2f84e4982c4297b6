package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FeedRequestParser() {
    }

    /** Parses JSON bytes into a tree, with Go-like messages for syntax errors. */
    public static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RequestException("request body empty");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new RequestException("request body empty");
            }
            return n;
        } catch (JsonEOFException e) {
            throw new RequestException("unexpected end of JSON input");
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            int nl = m.indexOf('\n');
            throw new RequestException("invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + (nl > 0 ? m.substring(0, nl) : m));
        } catch (IOException e) {
            throw new RequestException("read parammeter error");
        }
    }

    /** Decodes and validates a feed request body. */
    public static FeedRequest parse(byte[] body) {
        GoBody b = GoBody.parse(body, "RecommendParam");
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
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode r = GoBody.lowerCaseFields(root).get("request_id");
                if (r != null && r.isTextual()) {
                    return r.textValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not decodable: no request id
        }
        return "";
    }
}
