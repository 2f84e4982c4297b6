package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PAI-Rec's {@code CustomFieldSort}: orders by {@code SortByField} (default {@code current_score}, the
 * score; else an algo score or a numeric property, see {@link ScoreField}), {@code SortOrder} {@code desc}
 * (default) or {@code asc}, any case. As in PAI-Rec, any other order reads as {@code desc}. Ties keep their
 * order (PAI-Rec's sort is not stable).
 */
public final class CustomFieldSort implements Sort {

    public static final String TYPE = "CustomFieldSort";

    private final String field;
    private final boolean ascending;

    CustomFieldSort(String field, boolean ascending) {
        this.field = field;
        this.ascending = ascending;
    }

    String field() {
        return field;
    }

    boolean ascending() {
        return ascending;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        return byField(items, field, ascending);
    }

    /** The items ordered by {@code field}; values are read once per item. */
    static List<Item> byField(List<Item> items, String field, boolean ascending) {
        int n = items.size();
        double[] keys = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ScoreField.value(items.get(i), field);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> ascending ? Double.compare(keys[a], keys[b]) : Double.compare(keys[b], keys[a]));
        List<Item> out = new ArrayList<>(n);
        for (Integer i : order) {
            out.add(items.get(i));
        }
        return out;
    }

    static CustomFieldSort read(ComponentConfig config, Keys keys) {
        String field = keys.string(config, "SortByField", ScoreField.CURRENT_SCORE);
        String order = keys.string(config, "SortOrder", "desc").toLowerCase(Locale.ROOT);
        return new CustomFieldSort(field, order.equals("asc"));
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            return CustomFieldSort.read(config, keys);
        }
    }
}
