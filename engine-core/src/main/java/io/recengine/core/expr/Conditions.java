package io.recengine.core.expr;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * PAI-Rec's {@code Conditions} ({@code []FilterParamConfig}: {@code Name}, {@code Domain}, {@code Operator},
 * {@code Type}, {@code Value}, {@code Configs}) as the sorts read them: every condition must hold. Operators:
 * {@code equal}, {@code not_equal}, {@code in}, {@code not_in}, {@code greater} (&gt;), {@code greaterThan}
 * (&gt;=), {@code less} (&lt;), {@code lessThan} (&lt;=), {@code contains}, {@code not_contains},
 * {@code is_null}, {@code is_not_null}, {@code bool} ({@code Type} "and" or "or" over {@code Configs}).
 * {@code Domain} is {@code item} (default) or {@code user}; a string {@code Value} of the form
 * {@code user.x} / {@code item.x} compares with that property instead of a constant.
 *
 * <p>Unlike PAI-Rec, which skips an unknown operator silently, an unknown operator, domain or type is a
 * config error; a condition without {@code Type} compares as text (as numbers for the ordering operators)
 * where PAI-Rec's never holds. Built once per config; {@link #test} allocates nothing for the scalar operators.
 * Thread-safe.
 */
public final class Conditions {

    /** Where one side's property values come from; null when the property is missing. */
    @FunctionalInterface
    public interface Properties {
        Object get(String name);
    }

    private static final Properties NONE = n -> null;
    private static final Set<String> OPERATORS = Set.of("equal", "not_equal", "in", "not_in", "greater",
            "greaterThan", "less", "lessThan", "contains", "not_contains", "is_null", "is_not_null", "bool");
    private static final Set<String> TYPES = Set.of("string", "int", "int64", "float", "float64", "[]string", "[]int");

    private static final Conditions ALWAYS = new Conditions(List.of());

    private final List<Op> ops;

    private Conditions(List<Op> ops) {
        this.ops = List.copyOf(ops);
    }

    /** The conditions that always hold (an absent or empty {@code Conditions}). */
    public static Conditions always() {
        return ALWAYS;
    }

    /**
     * Reads {@code configs} (the objects of one {@code Conditions} list); problems name {@code component}
     * and the key path and are added to {@code problems}.
     */
    public static Conditions read(List<ComponentConfig> configs, String component, List<ConfigException> problems) {
        if (configs.isEmpty()) {
            return ALWAYS;
        }
        List<Op> ops = new ArrayList<>(configs.size());
        for (ComponentConfig c : configs) {
            Op op = op(c, component, problems);
            if (op != null) {
                ops.add(op);
            }
        }
        return new Conditions(ops);
    }

    /** True when this holds no condition. */
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Whether every condition holds for this user and item ({@code item} may be null: user-only checks). */
    public boolean test(Properties user, Properties item) {
        Properties u = user == null ? NONE : user;
        Properties i = item == null ? NONE : item;
        for (Op op : ops) {
            if (!op.test(u, i)) {
                return false;
            }
        }
        return true;
    }

    private static Op op(ComponentConfig c, String component, List<ConfigException> problems) {
        String key = c.path();
        String operator;
        try {
            operator = c.string("Operator");
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
        if (!OPERATORS.contains(operator)) {
            problems.add(new ConfigException(component, key + ".Operator", "unknown operator '" + operator
                    + "'. Known: " + new java.util.TreeSet<>(OPERATORS)
                    + ("expression".equals(operator) ? " (expression: not supported yet)" : "")));
            return null;
        }
        if (operator.equals("bool")) {
            String type = text(c.raw("Type"));
            boolean or = type.isEmpty() || type.equalsIgnoreCase("or");
            if (!or && !type.equalsIgnoreCase("and")) {
                problems.add(new ConfigException(component, key + ".Type", "want \"and\" or \"or\" for operator bool, got \"" + type + "\""));
            }
            Conditions inner = read(c.children("Configs"), component, problems);
            return new BoolOp(or, inner.ops);
        }
        String domain = c.string("Domain", "item");
        if (!domain.equals("item") && !domain.equals("user")) {
            problems.add(new ConfigException(component, key + ".Domain", "want \"item\" or \"user\", got \"" + domain + "\""));
            return null;
        }
        String name = c.string("Name");
        if (name.isEmpty()) {
            problems.add(new ConfigException(component, key + ".Name", "is required (the property to compare)"));
            return null;
        }
        boolean user = domain.equals("user");
        if (operator.equals("is_null") || operator.equals("is_not_null")) {
            return new NullOp(user, name, operator.equals("is_null"));
        }
        String type = c.string("Type");
        if (type.isEmpty()) {
            // PAI-Rec: a condition without Type never holds, silently; here it compares as text, or as a
            // number for the ordering operators
            type = operator.startsWith("greater") || operator.startsWith("less") ? "float" : "string";
        }
        if (!TYPES.contains(type)) {
            problems.add(new ConfigException(component, key + ".Type", "unknown type '" + type + "' for operator "
                    + operator + ". Known: " + new java.util.TreeSet<>(TYPES)));
            return null;
        }
        Object value = c.raw("Value");
        Ref ref = Ref.of(value);
        return switch (operator) {
            case "equal" -> new CompareOp(user, name, type, value, ref, Cmp.EQ, false);
            case "not_equal" -> new CompareOp(user, name, type, value, ref, Cmp.NE, true);
            case "greater" -> new CompareOp(user, name, type, value, ref, Cmp.GT, false);
            case "greaterThan" -> new CompareOp(user, name, type, value, ref, Cmp.GE, false);
            case "less" -> new CompareOp(user, name, type, value, ref, Cmp.LT, false);
            case "lessThan" -> new CompareOp(user, name, type, value, ref, Cmp.LE, false);
            case "in" -> new InOp(user, name, value, ref, false);
            case "not_in" -> new InOp(user, name, value, ref, true);
            case "contains" -> new ContainsOp(user, name, value, ref, false);
            default -> new ContainsOp(user, name, value, ref, true);
        };
    }

    private static String text(Object v) {
        return v == null ? "" : Values.text(v);
    }

    private static List<String> texts(Object v) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(text(o));
            }
        } else if (v instanceof String s) {
            for (String p : s.split(",")) {
                out.add(p);
            }
        } else {
            out.add(text(v));
        }
        return out;
    }

    private interface Op {
        boolean test(Properties user, Properties item);
    }

    /** A {@code Value} naming a property ({@code user.x} / {@code item.x}) rather than a constant. */
    private record Ref(boolean user, String name) {
        static Ref of(Object value) {
            if (value instanceof String s) {
                if (s.startsWith("user.")) {
                    return new Ref(true, s.substring(5));
                }
                if (s.startsWith("item.")) {
                    return new Ref(false, s.substring(5));
                }
            }
            return null;
        }

        Object get(Properties user, Properties item) {
            return (this.user ? user : item).get(name);
        }
    }

    private enum Cmp { EQ, NE, GT, GE, LT, LE }

    private record CompareOp(boolean user, String name, String type, Object value, Ref ref, Cmp cmp,
                             boolean whenMissing) implements Op {
        @Override
        public boolean test(Properties u, Properties i) {
            Object left = (user ? u : i).get(name);
            if (left == null) {
                return whenMissing;
            }
            Object right = value;
            if (ref != null) {
                right = ref.get(u, i);
                if (right == null) {
                    return false;
                }
            }
            int c;
            switch (type) {
                case "string", "[]string" -> {
                    if (cmp != Cmp.EQ && cmp != Cmp.NE) {
                        return false;
                    }
                    c = text(left).equals(text(right)) ? 0 : 1;
                }
                case "int", "int64", "[]int" -> {
                    double l = Values.toDouble(left, Double.NaN);
                    double r = Values.toDouble(right, Double.NaN);
                    if (Double.isNaN(l) || Double.isNaN(r)) {
                        return cmp == Cmp.NE;
                    }
                    c = Long.compare((long) l, (long) r);
                }
                default -> {
                    double l = Values.toDouble(left, Double.NaN);
                    double r = Values.toDouble(right, Double.NaN);
                    if (Double.isNaN(l) || Double.isNaN(r)) {
                        return cmp == Cmp.NE;
                    }
                    c = Double.compare(l, r);
                }
            }
            return switch (cmp) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
    }

    private record InOp(boolean user, String name, Object value, Ref ref, boolean negate) implements Op {
        InOp {
            value = ref == null ? List.copyOf(texts(value)) : null;
        }

        @Override
        public boolean test(Properties u, Properties i) {
            Object left = (user ? u : i).get(name);
            if (left == null) {
                return false;
            }
            List<?> right = ref == null ? (List<?>) value : texts(ref.get(u, i));
            boolean in = right.contains(text(left));
            return negate != in;
        }
    }

    /** {@code contains}: the property (a list or comma-separated text) shares a value with {@code Value}. */
    private record ContainsOp(boolean user, String name, Object value, Ref ref, boolean negate) implements Op {
        ContainsOp {
            value = ref == null ? List.copyOf(texts(value)) : null;
        }

        @Override
        public boolean test(Properties u, Properties i) {
            Object left = (user ? u : i).get(name);
            if (left == null) {
                return false;
            }
            List<?> right = ref == null ? (List<?>) value : texts(ref.get(u, i));
            boolean any = false;
            for (String l : texts(left)) {
                if (right.contains(l)) {
                    any = true;
                    break;
                }
            }
            return negate != any;
        }
    }

    private record NullOp(boolean user, String name, boolean isNull) implements Op {
        @Override
        public boolean test(Properties u, Properties i) {
            return ((user ? u : i).get(name) == null) == isNull;
        }
    }

    private record BoolOp(boolean or, List<Op> ops) implements Op {
        @Override
        public boolean test(Properties u, Properties i) {
            for (Op op : ops) {
                boolean r = op.test(u, i);
                if (or && r) {
                    return true;
                }
                if (!or && !r) {
                    return false;
                }
            }
            return !or;
        }
    }
}
