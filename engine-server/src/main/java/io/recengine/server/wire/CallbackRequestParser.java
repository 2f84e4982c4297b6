package io.recengine.server.wire;

import io.recengine.core.callback.CallbackRequest;
import io.recengine.spi.TypedFeature;

import java.util.List;
import java.util.Map;

/**
 * Decodes {@code POST /api/callback} bodies with PAI-Rec's {@code CallBackController} rules and messages:
 * {@code request body empty}, the JSON decoder's text, then {@code uid not empty},
 * {@code request_id not empty}, {@code scene_id not empty}, {@code recommend item list not empty}, in that
 * order. Keys match case-insensitively, unknown keys are ignored. Differences, on purpose: a numeric
 * {@code uid} is accepted, numeric {@code item_id}s are printed in plain digits (PAI-Rec's {@code %v}
 * prints {@code 1.234567e+06}), an {@code item_list} entry without {@code item_id} is refused, and error
 * answers echo the body's {@code request_id} when it has one. Thread-safe.
 */
public final class CallbackRequestParser {

    private CallbackRequestParser() {
    }

    public static CallbackRequest parse(byte[] body) {
        return parse(body, InputLimits.DEFAULTS);
    }

    /** Decodes and validates a callback body within {@code limits}. */
    public static CallbackRequest parse(byte[] body, InputLimits limits) {
        GoBody b = GoBody.parse(body, "CallBackParam", limits);
        String sceneId = b.string("scene_id", false);
        String requestId = b.string("request_id", false);
        String uid = b.string("uid", true);
        boolean debug = b.bool("debug");
        Map<String, Object> features = b.object("features", "web.FeaturesMap");
        List<TypedFeature> complex = b.complexTypeFeatures("web.ComplexTypeFeatures");
        List<Map<String, Object>> items = b.itemList();
        Map<String, Object> requestInfo = b.object("request_info", "map[string]interface {}");

        if (uid.isEmpty()) {
            throw new RequestException("uid not empty", requestId);
        }
        if (requestId.isEmpty()) {
            throw new RequestException("request_id not empty");
        }
        if (sceneId.isEmpty()) {
            throw new RequestException("scene_id not empty", requestId);
        }
        if (items.isEmpty()) {
            throw new RequestException("recommend item list not empty", requestId);
        }
        GoBody.requireItemIds(items, requestId);
        for (TypedFeature tf : complex) {
            if (tf.value() != null) {
                features.put(tf.name(), tf.value());
            }
        }
        return new CallbackRequest(sceneId, requestId, uid, features, List.copyOf(complex), items, requestInfo,
                debug, false);
    }
}
