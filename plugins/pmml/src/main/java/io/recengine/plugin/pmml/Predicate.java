package io.recengine.plugin.pmml;

import java.util.List;
import java.util.Set;

/**
 * A PMML predicate over a row: {@code True}, {@code False}, {@code SimplePredicate},
 * {@code SimpleSetPredicate}, {@code CompoundPredicate} ({@code and}, {@code or}, {@code xor},
 * {@code surrogate}). Three-valued as the spec says: {@link #UNKNOWN} when a field it needs is missing.
 */
interface Predicate {

    int FALSE = 0;
    int TRUE = 1;
    int UNKNOWN = 2;

    int test(Object[] row);

    Predicate ALWAYS = row -> TRUE;
    Predicate NEVER = row -> FALSE;

    static Predicate compare(int slot, String operator, Object value) {
        return switch (operator) {
            case "isMissing" -> row -> row[slot] == null ? TRUE : FALSE;
            case "isNotMissing" -> row -> row[slot] == null ? FALSE : TRUE;
            case "equal" -> row -> row[slot] == null ? UNKNOWN : of(row[slot].equals(value));
            case "notEqual" -> row -> row[slot] == null ? UNKNOWN : of(!row[slot].equals(value));
            case "lessThan" -> numeric(slot, value, c -> c < 0);
            case "lessOrEqual" -> numeric(slot, value, c -> c <= 0);
            case "greaterThan" -> numeric(slot, value, c -> c > 0);
            case "greaterOrEqual" -> numeric(slot, value, c -> c >= 0);
            default -> throw new IllegalArgumentException("unsupported SimplePredicate operator \"" + operator + "\"");
        };
    }

    private static Predicate numeric(int slot, Object value, java.util.function.IntPredicate ok) {
        if (!(value instanceof Double)) {
            throw new IllegalArgumentException("operator needs a continuous field and a number, got \"" + value + "\"");
        }
        double v = (Double) value;
        return row -> {
            Object x = row[slot];
            return x == null ? UNKNOWN : of(ok.test(Double.compare((Double) x, v)));
        };
    }

    static Predicate in(int slot, Set<Object> values, boolean isIn) {
        return row -> row[slot] == null ? UNKNOWN : of(values.contains(row[slot]) == isIn);
    }

    static Predicate compound(String op, List<Predicate> parts) {
        Predicate[] p = parts.toArray(new Predicate[0]);
        return switch (op) {
            case "and" -> row -> {
                int r = TRUE;
                for (Predicate x : p) {
                    int t = x.test(row);
                    if (t == FALSE) {
                        return FALSE;
                    }
                    if (t == UNKNOWN) {
                        r = UNKNOWN;
                    }
                }
                return r;
            };
            case "or" -> row -> {
                int r = FALSE;
                for (Predicate x : p) {
                    int t = x.test(row);
                    if (t == TRUE) {
                        return TRUE;
                    }
                    if (t == UNKNOWN) {
                        r = UNKNOWN;
                    }
                }
                return r;
            };
            case "xor" -> row -> {
                boolean r = false;
                for (Predicate x : p) {
                    int t = x.test(row);
                    if (t == UNKNOWN) {
                        return UNKNOWN;
                    }
                    r ^= t == TRUE;
                }
                return of(r);
            };
            case "surrogate" -> row -> {
                for (Predicate x : p) {
                    int t = x.test(row);
                    if (t != UNKNOWN) {
                        return t;
                    }
                }
                return UNKNOWN;
            };
            default -> throw new IllegalArgumentException("unsupported CompoundPredicate booleanOperator \"" + op + "\"");
        };
    }

    private static int of(boolean b) {
        return b ? TRUE : FALSE;
    }
}
