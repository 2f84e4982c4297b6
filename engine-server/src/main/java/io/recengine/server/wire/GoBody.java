package io.recengine.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.recengine.spi.TypedFeature;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One decoded JSON request body, read the way Go's {@code encoding/json} fills a PAI-Rec parameter
 * struct: field names match case-insensitively (the last duplicate wins), unknown fields are ignored,
 * absent fields are zero values, and a value of the wrong JSON type fails with Go's message
 * ({@code json: cannot unmarshal string into Go struct field RecommendParam.size of type int}).
 * The feed, recall and callback parsers share it. Not thread-safe; one per request.
 */
public final class GoBody {

    private final String struct;
    private final Map<String, JsonNode> fields;

    private GoBody(String struct, Map<String, JsonNode> fields) {
        this.struct = struct;
        this.fields = fields;
    }

    /**
     * Reads {@code body} (empty: {@code request body empty}; bad JSON: the decoder's text) as the Go
     * struct {@code struct}, e.g. {@code RecommendParam} or {@code CallBackParam}.
     */
    public static GoBody parse(byte[] body, String struct) {
        JsonNode root = FeedRequestParser.readTree(body);
        if (!root.isObject()) {
            throw new RequestException("json: cannot unmarshal " + jsonType(root) + " into Go value of type " + struct);
        }
        return new GoBody(struct, lowerCaseFields(root));
    }

    static Map<String, JsonNode> lowerCaseFields(JsonNode obj) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return m;
    }

    private JsonNode get(String name) {
        JsonNode n = fields.get(name);
        return n == null || n.isNull() ? null : n;
    }

    /** A string field; with {@code acceptNumber} a JSON integer is taken in plain digits. */
    public String string(String name, boolean acceptNumber) {
        return stringOf(fields, name, acceptNumber, struct);
    }

    public int integer(String name) {
        JsonNode n = get(name);
        if (n == null) {
            return 0;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        throw typeError(n, name, "int");
    }

    public boolean bool(String name) {
        JsonNode n = get(name);
        if (n == null) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        throw typeError(n, name, "bool");
    }

    /** An object of plain values (nulls dropped); {@code goType} names the Go field type in messages. */
    public Map<String, Object> object(String name, String goType) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode n = get(name);
        if (n == null) {
            return out;
        }
        if (!n.isObject()) {
            throw typeError(n, name, goType);
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Object v = JsonValues.toJava(e.getValue());
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** {@code complex_type_features}: {@code [{name, type, values}]}, each converted to its type. */
    public List<TypedFeature> complexTypeFeatures(String goType) {
        List<TypedFeature> out = new ArrayList<>();
        JsonNode c = get("complex_type_features");
        if (c == null) {
            return out;
        }
        if (!c.isArray()) {
            throw typeError(c, "complex_type_features", goType);
        }
        for (int i = 0; i < c.size(); i++) {
            JsonNode e = c.get(i);
            String where = "complex_type_features[" + i + "]";
            if (!e.isObject()) {
                throw new RequestException(where + ": must be an object {name, type, values}");
            }
            Map<String, JsonNode> ef = lowerCaseFields(e);
            String name = stringOf(ef, "name", false, struct);
            if (name.isEmpty()) {
                throw new RequestException(where + ": name not empty");
            }
            JsonNode values = ef.get("values");
            out.add(ComplexTypeFeatures.convert(name, stringOf(ef, "type", false, struct),
                    values == null ? NullNode.getInstance() : values, where));
        }
        return out;
    }

    /**
     * {@code item_list}: objects whose {@code item_id} (string or number, printed in plain digits) is
     * kept as text and whose other keys become plain values. Entries without an id are kept; callers
     * check ids where their contract puts that check.
     */
    public List<Map<String, Object>> itemList() {
        List<Map<String, Object>> out = new ArrayList<>();
        JsonNode il = get("item_list");
        if (il == null) {
            return out;
        }
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
            out.add(m);
        }
        return out;
    }

    /** Throws {@code item_list[i]: item_id not empty} for the first entry without an id. */
    public static void requireItemIds(List<Map<String, Object>> items, String requestId) {
        for (int i = 0; i < items.size(); i++) {
            Object id = items.get(i).get("item_id");
            if (id == null || id.toString().isEmpty()) {
                throw new RequestException("item_list[" + i + "]: item_id not empty", requestId);
            }
        }
    }

    private static String stringOf(Map<String, JsonNode> fields, String name, boolean acceptNumber, String struct) {
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
        throw typeError(n, name, "string", struct);
    }

    private RequestException typeError(JsonNode n, String field, String goType) {
        return typeError(n, field, goType, struct);
    }

    private static RequestException typeError(JsonNode n, String field, String goType, String struct) {
        // Go names the literal only when a number does not fit a numeric field ("number 1.5")
        String kind = n.isNumber() && goType.equals("int") ? "number " + n.asText() : jsonType(n);
        return new RequestException("json: cannot unmarshal " + kind + " into Go struct field " + struct + "."
                + field + " of type " + goType);
    }

    /** Go's name of a JSON value's kind in decoder messages. */
    static String jsonType(JsonNode n) {
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
