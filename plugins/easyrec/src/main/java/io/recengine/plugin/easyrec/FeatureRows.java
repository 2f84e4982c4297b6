package io.recengine.plugin.easyrec;

import io.recengine.spi.Item;
import io.recengine.spi.RankRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request data PAI-Rec gives every processor but EasyRec: one map per item of the batch, the user's
 * features overlaid by the item's (an item value wins on a shared name), in batch order.
 */
final class FeatureRows {

    private FeatureRows() {
    }

    static List<Map<String, Object>> of(RankRequest request) {
        Map<String, Object> user = request.user().properties();
        List<Map<String, Object>> rows = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            Map<String, Object> row = new LinkedHashMap<>(user);
            row.putAll(item.properties());
            rows.add(row);
        }
        return rows;
    }

    /** Every feature name of {@code rows}, in first-seen order. */
    static Set<String> names(List<Map<String, Object>> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            names.addAll(row.keySet());
        }
        return names;
    }
}
