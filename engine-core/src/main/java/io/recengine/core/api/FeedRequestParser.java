package io.recengine.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.TypedFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /** The scene PAI-Rec uses when {@code scene_id} is empty. */
    public static final String DEFAULT_SCENE = "default_scene";

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
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw new RequestException("json: cannot unmarshal " + jsonType(root) + " into Go value of type RecommendParam");
        }
        Map<String, JsonNode> fields = fields(root);

        String requestId = string(fields, "request_id", false);
        if (requestId.isEmpty()) {
            requestId = UUID.randomUUID().toString();
        }
        String uid = string(fields, "uid", true);
        int size = integer(fields, "size");
        String scene = string(fields, "scene_id", false);
        String category = string(fields, "category", false);
        boolean debug = bool(fields, "debug");
        String itemId = string(fields, "item_id", true);

        Map<String, Object> features = new LinkedHashMap<>();
        JsonNode f = fields.get("features");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw typeError(f, "features", "map[string]interface {}");
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
                throw typeError(c, "complex_type_features", "[]web.ComplexTypeFeature");
            }
            for (int i = 0; i < c.size(); i++) {
                JsonNode e = c.get(i);
                String where = "complex_type_features[" + i + "]";
                if (!e.isObject()) {
                    throw new RequestException(where + ": must be an object {name, type, values}");
                }
                Map<String, JsonNode> ef = fields(e);
                String name = string(ef, "name", false);
                if (name.isEmpty()) {
                    throw new RequestException(where + ": name not empty");
                }
                String type = string(ef, "type", false);
                JsonNode values = ef.get("values");
                TypedFeature tf = ComplexTypeFeatures.convert(name, type,
                        values == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : values, where);
                complex.add(tf);
                if (tf.value() != null) {
                    features.put(name, tf.value());
                }
            }
        }

        List<Map<String, Object>> itemList = new ArrayList<>();
        JsonNode il = fields.get("item_list");
        if (il != null && !il.isNull()) {
            if (!il.isArray()) {
                throw typeError(il, "item_list", "[]map[string]interface {}");
            }
            for (int i = 0; i < il.size(); i++) {
                JsonNode e = il.get(i);
                if (!e.isObject()) {
                    throw new RequestException("item_list[" + i + "]: must be an object with an item_id");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = e.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> en = it.next();
                    if ("item_id".equals(en.getKey())) {
                        JsonNode idNode = en.getValue();
                        if (idNode.isContainerNode()) {
                            throw new RequestException("item_list[" + i + "]: item_id must be a string or a number");
                        }
                        m.put("item_id", JsonValues.text(idNode));
                    } else {
                        Object v = JsonValues.toJava(en.getValue());
                        if (v != null) {
                            m.put(en.getKey(), v);
                        }
                    }
                }
                Object id = m.get("item_id");
                if (id == null || id.toString().isEmpty()) {
                    throw new RequestException("item_list[" + i + "]: item_id not empty");
                }
                itemList.add(m);
            }
        }

        if (uid.isEmpty()) {
            throw new RequestException("uid not empty", requestId);
        }
        return new FeedRequest(uid, size <= 0 ? 10 : size, scene.isEmpty() ? DEFAULT_SCENE : scene,
                category.isEmpty() ? "default" : category, requestId, debug, features, complex, itemId, itemList);
    }

    /** The request id of a body whose decoding failed later, for the error envelope; {@code ""} if unknown. */
    public static String requestIdOf(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode r = fields(root).get("request_id");
                if (r != null && r.isTextual()) {
                    return r.textValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not decodable: no request id
        }
        return "";
    }

    /** Fields by lower-case name; Go matches JSON keys to struct tags case-insensitively, last one wins. */
    static Map<String, JsonNode> fields(JsonNode obj) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        return m;
    }

    static String string(Map<String, JsonNode> fields, String name, boolean acceptNumber) {
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

    static int integer(Map<String, JsonNode> fields, String name) {
        JsonNode n = fields.get(name);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        throw typeError(n, name, "int");
    }

    static boolean bool(Map<String, JsonNode> fields, String name) {
        JsonNode n = fields.get(name);
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        throw typeError(n, name, "bool");
    }

    static RequestException typeError(JsonNode n, String field, String goType) {
        return new RequestException("json: cannot unmarshal " + jsonType(n) + " into Go struct field RecommendParam."
                + field + " of type " + goType);
    }

    private static String jsonType(JsonNode n) {
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number " + n.asText();
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
