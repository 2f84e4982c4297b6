package io.recengine.core.experiment;

import io.recengine.core.expr.Expression;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Room and crowd filters written in the engine's expression language ({@link Expression}), evaluated over
 * the request's features: a number is itself, a boolean 1 or 0, a numeric text its value; anything else
 * (and a missing feature) is 0. True when the expression is non-zero.
 */
public final class FeatureFilters implements Experiments.FilterCompiler {

    public static final FeatureFilters INSTANCE = new FeatureFilters();

    private FeatureFilters() {
    }

    @Override
    public Predicate<Map<String, Object>> compile(String expression) {
        Expression e = Expression.parse(expression);
        return features -> e.evaluate(name -> value(features.get(name))) != 0;
    }

    private static double value(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
