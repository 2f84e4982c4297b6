package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.List;

/**
 * PAI-Rec's {@code AlgoScoreSort}: orders by {@code SortByField} (an algo score, a numeric property, or
 * {@code current_score}, the default), highest first; when the highest item score is above
 * {@code SwitchThreshold} (default 0) it orders by the score instead. An item without the field sorts by its
 * score (PAI-Rec's comparator uses the other item's score there, a bug fixed here).
 */
public final class AlgoScoreSort implements Sort {

    public static final String TYPE = "AlgoScoreSort";

    private final String field;
    private final double switchThreshold;

    AlgoScoreSort(String field, double switchThreshold) {
        this.field = field;
        this.switchThreshold = switchThreshold;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        double max = -1e300;
        for (Item i : items) {
            max = Math.max(max, i.score());
        }
        return CustomFieldSort.byField(items, max > switchThreshold ? ScoreField.CURRENT_SCORE : field, false);
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            return new AlgoScoreSort(keys.string(config, "SortByField", ScoreField.CURRENT_SCORE),
                    keys.decimal(config, "SwitchThreshold", 0));
        }
    }
}
