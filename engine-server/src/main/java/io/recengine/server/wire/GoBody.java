package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.recengine.spi.TypedFeature;

import java.io.IOException;
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
 * The feed, recall and callback parsers share it. The body is parsed within {@link InputLimits}: too deep,
 * too long a string or number, too many {@code item_list} entries, or a number beyond float64 stop the
 * parser at that point with a 400 message (no tree past the limit is built). Not thread-safe; one per
 * request.
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
        return parse(body, struct, InputLimits.DEFAULTS);
    }

    /** {@link #parse(byte[], String)} within {@code limits}. */
    public static GoBody parse(byte[] body, String struct, InputLimits limits) {
        JsonNode root = readTree(body, limits);
        if (!root.isObject()) {
            throw new RequestException("json: cannot unmarshal " + jsonType(root) + " into Go value of type " + struct);
        }
        return new GoBody(struct, lowerCaseFields(root));
    }

    /**
     * Parses one JSON value (the whole body, as Go's {@code json.Unmarshal}: text after it is an error)
     * into a tree within {@code limits}, with Go-like messages and never a Java or Jackson name in them.
     */
    static JsonNode readTree(byte[] body, InputLimits limits) {
        if (body == null || body.length == 0) {
            throw new RequestException("request body empty");
        }
        try (JsonParser p = new ItemListGuard(limits.mapper().createParser(body), limits)) {
            JsonNode root;
            try {
                root = limits.mapper().readTree(p);
            } catch (RuntimeException | JsonProcessingException e) {
                // the parser still stands on the number: name it as Go does
                if (causeOf(e, InputLimits.NumberOutOfRange.class) != null) {
                    throw new RequestException("json: cannot unmarshal number " + abbreviate(currentText(p), 40)
                            + " into Go value of type float64");
                }
                RequestException r = causeOf(e, RequestException.class);
                if (r != null) {
                    throw r;
                }
                throw e;
            }
            if (root == null || root.isMissingNode()) {
                throw new RequestException("request body empty");
            }
            requireNothingAfter(body, p);
            return root;
        } catch (RequestException e) {
            throw e;
        } catch (JsonProcessingException e) {
            // databind may wrap what the parser threw
            RequestException r = causeOf(e, RequestException.class);
            if (r != null) {
                throw r;
            }
            StreamConstraintsException c = causeOf(e, StreamConstraintsException.class);
            if (c != null) {
                throw new RequestException(constraintMessage(c, limits));
            }
            if (causeOf(e, JsonEOFException.class) != null) {
                throw new RequestException("unexpected end of JSON input");
            }
            throw new RequestException(syntaxMessage(e));
        } catch (IOException e) {
            throw new RequestException("read parammeter error");
        }
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String currentText(JsonParser p) {
        try {
            return p.getText();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Go: {@code invalid character '{' after top-level value}; whitespace is all that may follow. */
    private static void requireNothingAfter(byte[] body, JsonParser p) {
        long offset = p.currentLocation().getByteOffset();
        for (long i = Math.max(0, offset); i < body.length; i++) {
            byte b = body[(int) i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                throw new RequestException("invalid character " + quoteChar(b & 0xff) + " after top-level value");
            }
        }
    }

    /** A byte as Go's decoder quotes it in messages: {@code 'x'}, or an escape for a control or non-ASCII byte. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c >= 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("'\\x%02x'", c);
    }

    private static String constraintMessage(StreamConstraintsException e, InputLimits limits) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "request body nested deeper than " + limits.maxJsonDepth() + " levels (EngineConf.MaxJsonDepth)";
        }
        if (m.contains("String value length") || m.contains("Name length")) {
            return "request body has a string longer than " + limits.maxStringLength()
                    + " characters (EngineConf.MaxStringLength)";
        }
        if (m.contains("Token count")) {
            return "request body has more than " + limits.maxJsonTokens() + " JSON tokens (EngineConf.MaxJsonTokens)";
        }
        if (m.contains("hash collisions")) {
            // Jackson's guard of its shared field-name table (hundreds of thousands of distinct keys)
            return "request body has too many distinct keys";
        }
        if (m.contains("Number value length")) {
            return "request body has a number longer than " + InputLimits.MAX_NUMBER_LENGTH + " characters";
        }
        return "request body exceeds a parser limit";
    }

    /**
     * Jackson's syntax message with its position, cut before any part that names Jackson's own types,
     * features or source description.
     */
    private static String syntaxMessage(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        for (String cut : new String[] {"\n", " at [Source", " (for Object starting at", " (for Array starting at",
                " (for root starting at", "[Source", ": enable", " (set ", "; enable", "`"}) {
            int i = m.indexOf(cut);
            if (i >= 0) {
                m = m.substring(0, i);
            }
        }
        m = abbreviate(m.strip(), 160);
        JsonLocation at = e.getLocation();
        if (at == null) {
            return "invalid JSON: " + m;
        }
        return "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + m;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /**
     * Stops the tree at the first {@code item_list} entry past the limit (the top-level key, matched
     * case-insensitively as Go does), so that an over-long list costs the bytes already received, not a
     * tree of every entry.
     */
    private static final class ItemListGuard extends JsonParserDelegate {
        private final int max;

        ItemListGuard(JsonParser p, InputLimits limits) {
            super(p);
            this.max = limits.maxItemListLength();
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = delegate.nextToken();
            if (t != null && (t.isScalarValue() || t.isStructStart())) {
                JsonStreamContext ctx = delegate.getParsingContext();
                if (t.isStructStart()) {
                    ctx = ctx.getParent();
                }
                if (ctx != null && ctx.inArray() && ctx.getCurrentIndex() >= max && isTopLevelItemList(ctx)) {
                    throw new RequestException("item_list has more than " + max
                            + " entries (EngineConf.MaxItemListLength)");
                }
            }
            return t;
        }

        private static boolean isTopLevelItemList(JsonStreamContext array) {
            JsonStreamContext obj = array.getParent();
            return obj != null && obj.inObject() && obj.getParent() != null && obj.getParent().inRoot()
                    && "item_list".equalsIgnoreCase(obj.getCurrentName());
        }
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
        String kind = n.isNumber() && goType.equals("int") ? "number " + abbreviate(n.asText(), 40) : jsonType(n);
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
