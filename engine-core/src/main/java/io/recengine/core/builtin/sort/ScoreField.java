package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Values;

/**
 * A number of an item named by a sort's {@code SortByField}, read as PAI-Rec's {@code Item.FloatExprData}:
 * {@code current_score} is the score; otherwise the algo score of that name, else the property as a number;
 * an item with neither sorts by its score.
 */
final class ScoreField {

    static final String CURRENT_SCORE = "current_score";

    private ScoreField() {
    }

    static double value(Item item, String field) {
        if (CURRENT_SCORE.equals(field)) {
            return item.score();
        }
        Double algo = item.algoScore(field);
        if (algo != null) {
            return algo;
        }
        Object p = item.property(field);
        return p == null ? item.score() : Values.toDouble(p, 0);
    }
}
