package io.recengine.core.builtin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Candidates from the request's {@code item_list}: {@code item_id}, optional {@code score} (the recall
 * score), every other key an item property. Retrieve id {@code ContextItemRecall} (or the configured
 * {@code Name}). {@code RecallCount}, when positive, caps the list.
 */
public final class ContextItemRecall implements Recall {

    public static final String TYPE = "ContextItemRecall";

    private final String name;
    private final int count;

    ContextItemRecall(String name, int count) {
        this.name = name;
        this.count = count;
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        List<Map<String, Object>> list = context.itemList();
        int n = count > 0 ? Math.min(count, list.size()) : list.size();
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = list.get(i);
            Item item = new Item(Values.text(m.get("item_id")), name, Values.toDouble(m.get("score"), 0));
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String k = e.getKey();
                if (!"item_id".equals(k) && !"score".equals(k)) {
                    item.setProperty(k, e.getValue());
                }
            }
            out.add(item);
        }
        return out;
    }

    /** Builds its items from memory (the request, a random source): no reason to leave the request thread. */
    @Override
    public boolean inProcess() {
        return true;
    }

    /** Factory. */
    public static final class Factory implements RecallFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Recall create(ComponentConfig config, PluginContext context) {
            return new ContextItemRecall(config.string("Name", TYPE), config.integer("RecallCount", 0));
        }
    }
}
