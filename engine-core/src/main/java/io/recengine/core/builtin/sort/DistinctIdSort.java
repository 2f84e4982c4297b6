package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;

/**
 * PAI-Rec's {@code DistinctIdSort}: marks items for a later de-duplication by a shared id. Per item, the
 * conditions of {@code DistinctIdConditions[]} are tried in order: the first that holds writes its
 * {@code DistinctId} into the property {@code DistinctIdName} (default {@code __distinct_id__}); each one tried
 * before it that did not hold writes the item's own position (1-based) into its property. Order unchanged.
 */
public final class DistinctIdSort implements Sort {

    public static final String TYPE = "DistinctIdSort";
    static final String DEFAULT_NAME = "__distinct_id__";

    record Rule(Conditions conditions, int distinctId, String property) {
    }

    private final List<Rule> rules;

    DistinctIdSort(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            for (Rule r : rules) {
                if (r.conditions().test(user::property, item::property)) {
                    item.setProperty(r.property(), r.distinctId());
                    break;
                }
                item.setProperty(r.property(), i + 1);
            }
        }
        return new ArrayList<>(items);
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            List<Rule> rules = new ArrayList<>();
            List<ComponentConfig> confs = keys.objects(config, "DistinctIdConditions");
            if (confs.isEmpty()) {
                keys.problem("DistinctIdConditions", "needs at least one {DistinctId, Conditions, DistinctIdName}");
            }
            for (ComponentConfig c : confs) {
                rules.add(new Rule(keys.conditions(c, "Conditions"), keys.integer(c, "DistinctId", 0, Integer.MIN_VALUE),
                        keys.string(c, "DistinctIdName", DEFAULT_NAME)));
            }
            return new DistinctIdSort(rules);
        }
    }
}
