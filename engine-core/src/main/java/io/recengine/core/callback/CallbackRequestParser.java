package io.recengine.core.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.recengine.core.api.ComplexTypeFeatures;
import io.recengine.core.api.FeedRequestParser;
import io.recengine.core.api.JsonValues;
import io.recengine.core.api.RequestException;
import io.recengine.spi.TypedFeature;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
final class CallbackRequestParser {

    private CallbackRequestParser() {
    }

    static CallbackRequest parse(byte[] body) {
        JsonNode root = FeedRequestParser.readTree(body);
        if (!root.isObject()) {
            throw new RequestException("json: cannot unmarshal " + jsonType(root) + " into Go value of type web.CallBackParam");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> fields.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));

        String sceneId = string(fields, "scene_id", false);
        String requestId = string(fields, "request_id", false);
        String uid = string(fields, "uid", true);
        boolean debug = bool(fields, "debug");

        Map<String, Object> features = new LinkedHashMap<>();
        JsonNode f = fields.get("features");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw typeError(f, "features", "web.FeaturesMap");
            }
            Iterator<Map.Entry<String, JsonNode>> it = f.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Object v = JsonValues.toJava(e.getValue());
                if (v != null) {
                    features.put(e.getKey(), v);
                }
            }
        }
        List<TypedFeature> complex = new ArrayList<>();
        JsonNode c = fields.get("complex_type_features");
        if (c != null && !c.isNull()) {
            if (!c.isArray()) {
                throw typeError(c, "complex_type_features", "web.ComplexTypeFeatures");
            }
            for (int i = 0; i < c.size(); i++) {
                JsonNode e = c.get(i);
                String where = "complex_type_features[" + i + "]";
                if (!e.isObject()) {
                    throw new RequestException(where + ": must be an object {name, type, values}");
                }
                Map<String, JsonNode> ef = new LinkedHashMap<>();
                e.fields().forEachRemaining(x -> ef.put(x.getKey().toLowerCase(Locale.ROOT), x.getValue()));
                String name = string(ef, "name", false);
                if (name.isEmpty()) {
                    throw new RequestException(where + ": name not empty");
                }
                JsonNode values = ef.get("values");
                complex.add(ComplexTypeFeatures.convert(name, string(ef, "type", false),
                        values == null ? NullNode.getInstance() : values, where));
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        JsonNode il = fields.get("item_list");
        if (il != null && !il.isNull()) {
            if (!il.isArray()) {
                throw typeError(il, "item_list", "[]map[string]interface {}");
            }
            for (int i = 0; i < il.size(); i++) {
                JsonNode e = il.get(i);
                if (!e.isObject()) {
                    throw typeError(e, "item_list", "map[string]interface {}");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = e.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> en = it.next();
                    if ("item_id".equals(en.getKey())) {
                        if (en.getValue().isContainerNode()) {
                            throw new RequestException("item_list[" + i + "]: item_id must be a string or a number");
                        }
                        m.put("item_id", JsonValues.text(en.getValue()));
                    } else {
                        Object v = JsonValues.toJava(en.getValue());
                        if (v != null) {
                            m.put(en.getKey(), v);
                        }
                    }
                }
                items.add(m);
            }
        }
        Map<String, Object> requestInfo = new LinkedHashMap<>();
        JsonNode ri = fields.get("request_info");
        if (ri != null && !ri.isNull()) {
            if (!ri.isObject()) {
                throw typeError(ri, "request_info", "map[string]interface {}");
            }
            ri.fields().forEachRemaining(e -> requestInfo.put(e.getKey(), JsonValues.toJava(e.getValue())));
        }

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
        for (int i = 0; i < items.size(); i++) {
            Object id = items.get(i).get("item_id");
            if (id == null || id.toString().isEmpty()) {
                throw new RequestException("item_list[" + i + "]: item_id not empty", requestId);
            }
        }
        for (TypedFeature tf : complex) {
            if (tf.value() != null) {
                features.put(tf.name(), tf.value());
            }
        }
        return new CallbackRequest(sceneId, requestId, uid, features, List.copyOf(complex), items, requestInfo,
                debug, false);
    }

    private static String string(Map<String, JsonNode> fields, String name, boolean acceptNumber) {
        JsonNode n = fields.get(name);
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (acceptNumber && n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        throw typeError(n, name, "string");
    }

    private static boolean bool(Map<String, JsonNode> fields, String name) {
        JsonNode n = fields.get(name);
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        throw typeError(n, name, "bool");
    }

    private static RequestException typeError(JsonNode n, String field, String goType) {
        return new RequestException("json: cannot unmarshal " + jsonType(n) + " into Go struct field CallBackParam."
                + field + " of type " + goType);
    }

    private static String jsonType(JsonNode n) {
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isObject()) {
            return "object";
        }
        return "null";
    }
}
