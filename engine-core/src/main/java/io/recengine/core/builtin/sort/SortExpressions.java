package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Expression;
import io.recengine.spi.ComponentConfig;

/** Reading an expression key of a sort: required, parsed once, a syntax error named with its key. */
final class SortExpressions {

    private SortExpressions() {
    }

    /** The parsed expression, or null (and a problem) when absent or not parsable. */
    static Expression parse(Keys keys, ComponentConfig c, String key) {
        String text = keys.string(c, key, "");
        if (text.isEmpty()) {
            keys.problem(Keys.key(c, key), "is required (an expression such as \"score * 1.5\")");
            return null;
        }
        try {
            return Expression.parse(text);
        } catch (Expression.SyntaxException e) {
            keys.problem(Keys.key(c, key), "does not parse: " + e.getMessage());
            return null;
        }
    }
}
