package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The log rows of one callback, as PAI-Rec's {@code doCallbackLog}: one {@code module=user} row, then one
 * {@code module=item} row per item. Columns, in the order of the DataHub schema of the seed:
 * <ul>
 *   <li>user row: {@code request_id, module, scene, request_time, user_features, request_info, user_id}</li>
 *   <li>item row: {@code request_id, module, scene, request_time, item_features, user_id, item_id,
 *       raw_features, generate_features, context_features}</li>
 * </ul>
 * {@code request_time} is a {@code Long} (Unix seconds), every other column a {@code String}.
 */
final class CallbackRows {

    static final List<String> USER_COLUMNS = List.of("request_id", "module", "scene", "request_time",
            "user_features", "request_info", "user_id");
    static final List<String> ITEM_COLUMNS = List.of("request_id", "module", "scene", "request_time",
            "item_features", "user_id", "item_id", "raw_features", "generate_features", "context_features");

    /** What Go's {@code strconv.ParseFloat} accepts that we convert (decimal notation only). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CallbackRows() {
    }

    static List<CallbackRow> build(CallbackRequest req, User user, List<Item> items, long requestTimeSeconds) {
        List<CallbackRow> rows = new ArrayList<>(items.size() + 1);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("request_id", req.requestId());
        u.put("module", "user");
        u.put("scene", req.sceneId());
        u.put("request_time", requestTimeSeconds);
        u.put("user_features", GoJson.write(userFeatures(user)));
        u.put("request_info", GoJson.write(req.requestInfo()));
        u.put("user_id", user.id());
        rows.add(CallbackRow.of(u));
        for (Item item : items) {
            Map<String, Object> props = new LinkedHashMap<>(item.properties());
            Object raw = props.remove("raw_features");
            Object gen = props.remove("generate_features");
            Object ctx = props.remove("context_features");
            String rid = item.retrieveId();
            if (!rid.isEmpty() && !props.containsKey(rid)) {
                props.put(rid, item.score());
                props.put("recall_name", rid);
                props.put("recall_score", item.score());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("request_id", req.requestId());
            r.put("module", "item");
            r.put("scene", req.sceneId());
            r.put("request_time", requestTimeSeconds);
            r.put("item_features", GoJson.write(props));
            r.put("user_id", user.id());
            r.put("item_id", item.id());
            r.put("raw_features", text(raw));
            r.put("generate_features", text(gen));
            r.put("context_features", text(ctx));
            rows.add(CallbackRow.of(r));
        }
        return rows;
    }

    /**
     * PAI-Rec's {@code User.MakeUserFeatures}: every property but {@code type}; strings holding a decimal
     * number become numbers.
     */
    static Map<String, Object> userFeatures(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        user.properties().forEach((k, v) -> {
            if ("type".equals(k)) {
                return;
            }
            if (v instanceof String s && DECIMAL.matcher(s).matches()) {
                try {
                    out.put(k, Double.parseDouble(s));
                    return;
                } catch (NumberFormatException e) {
                    // keep the string
                }
            }
            out.put(k, v);
        });
        return out;
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map || v instanceof List) {
            return GoJson.write(v);
        }
        return Values.text(v);
    }
}
