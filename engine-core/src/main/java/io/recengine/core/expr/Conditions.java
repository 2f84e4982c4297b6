package io.recengine.core.expr;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.FilterConditions;
import io.recengine.spi.Values;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;

/**
 * PAI-Rec's condition list ({@code FilterParamConfig}: {@code Conditions}, {@code FilterParams}, a
 * {@code bool} operator's {@code Configs}), the one reading of conditions for every filter, sort and plugin
 * (through {@link #SERVICE}): every condition must hold. A condition reads the property {@code Name} of its
 * {@code Domain} ({@code item}, the default, or {@code user}) and compares it with {@code Value}, a
 * constant or a reference {@code user.<name>} / {@code item.<name>}, as {@code Type} says.
 *
 * <p>Operators: {@code equal}, {@code not_equal} (Type string, int, int64; without Type, int64 for a whole-number
 * Value and string otherwise, where PAI-Rec never matches); {@code greater},
 * {@code greaterThan} (&gt;=), {@code less}, {@code lessThan} (&lt;=) (float, int, int64, time, and
 * string: by character, where PAI-Rec answers false for every string);
 * {@code in}, {@code not_in} (string, int); {@code contains}, {@code not_contains} (any shared element;
 * []string, []int); {@code is_null}, {@code is_not_null}; {@code bool} (Type {@code or}, the default, or
 * {@code and}, over {@code Configs}); {@code expression} ({@code Value} in the engine's expression
 * language, variables {@code item.x}, {@code user.x}, {@code properties.x}; true when non-zero).
 *
 * <p>What a missing property or reference answers follows PAI-Rec operator by operator (for example
 * {@code not_equal} holds when the property is missing, {@code in} with a missing {@code item.}
 * reference holds), so that configs written against PAI-Rec select the same items. Unknown operators,
 * types and domains are refused when the config is read (PAI-Rec ignores them or answers false).
 * Immutable and thread-safe.
 */
public final class Conditions implements FilterConditions.Condition {

    /** The reading plugins get through {@code PluginContext.service(FilterConditions.class)}: the same as ours. */
    public static final FilterConditions SERVICE = Conditions::parse;


    public static final List<String> OPERATORS = List.of("equal", "not_equal", "in", "not_in", "greater", "greaterThan",
            "less", "lessThan", "contains", "not_contains", "is_null", "is_not_null", "bool", "expression");
    private static final String ITEM = "item";
    private static final String USER = "user";

    /** Where one side's property values come from ({@code item::property}, {@code map::get}); null: missing. */
    @FunctionalInterface
    public interface Properties {
        Object get(String name);
    }

    private static final Properties NONE = n -> null;

    /** One condition, evaluated against the properties of its domain. */
    private interface Condition {
        boolean test(Properties own, Properties user, Properties item);

        boolean onUser();
    }

    private static final Conditions EMPTY = new Conditions(List.of());

    private final List<Condition> conditions;

    private Conditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** No condition: {@link #test} always holds. */
    public static Conditions always() {
        return EMPTY;
    }

    /**
     * Reads the condition list {@code entries} found at {@code where} (a key path such as
     * {@code ExclusionRules[0].Conditions}); each problem goes to {@code problems} with the component
     * {@code where[i]} and the key of that condition.
     */
    public static Conditions read(List<ComponentConfig> entries, String where, Consumer<ConfigException> problems) {
        return readList(problems, where, entries);
    }

    /**
     * Reads the list {@code key} of the object {@code r} reads (absent: {@link #empty()}); problems go to
     * {@code r}, each naming the condition ({@code key[i]}) and its key.
     */
    public static Conditions read(ConfigReader r, String component, String key) {
        List<ComponentConfig> entries;
        try {
            entries = r.config().children(key);
        } catch (ConfigException e) {
            r.problem(e);
            return EMPTY;
        }
        return readList(r::problem, component + " " + key, entries);
    }

    /** Reads and checks a condition list; throws the first problem. */
    public static Conditions parse(ComponentConfig owner, String component, String key) {
        return ConfigReader.read(owner, component, r -> read(r, component, key));
    }

    private static Conditions readList(Consumer<ConfigException> problems, String where, List<ComponentConfig> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        List<Condition> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String at = where + "[" + i + "]";
            ConfigReader c = new ConfigReader(entries.get(i), at);
            Condition cond = condition(c, at);
            c.problems().forEach(problems);
            if (cond != null) {
                out.add(cond);
            }
        }
        return new Conditions(List.copyOf(out));
    }

    /** Whether every condition holds for this user and item (either map may be empty or null). */
    @Override
    public boolean test(Map<String, Object> user, Map<String, Object> item) {
        return test(user == null ? NONE : user::get, item == null ? NONE : item::get);
    }

    /**
     * Whether every condition holds for this user and item ({@code item} null: user-side checks, an item
     * condition then sees no property). Allocates nothing for the scalar operators.
     */
    public boolean test(Properties user, Properties item) {
        Properties u = user == null ? NONE : user;
        Properties i = item == null ? NONE : item;
        for (Condition c : conditions) {
            if (!c.test(c.onUser() ? u : i, u, i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    private static Condition condition(ConfigReader c, String where) {
        String op = c.string("Operator", "");
        if (!OPERATORS.contains(op)) {
            c.problem("Operator", op.isEmpty() ? "is required; known: " + OPERATORS
                    : "unknown operator '" + op + "'; known: " + OPERATORS);
            return null;
        }
        String domain = c.string("Domain", ITEM);
        if (!ITEM.equals(domain) && !USER.equals(domain)) {
            c.problem("Domain", "want \"item\" or \"user\", got \"" + domain + "\"");
        }
        boolean onUser = USER.equals(domain);
        Object value = c.config().raw("Value");
        switch (op) {
            case "bool":
                return bool(c, where);
            case "expression":
                return expression(c, value, onUser);
            case "is_null", "is_not_null": {
                String name = c.require("Name");
                boolean wantPresent = "is_not_null".equals(op);
                return cond(onUser, (own, u, i) -> (own.get(name) != null) == wantPresent);
            }
            default:
                break;
        }
        String name = c.require("Name");
        String type = c.string("Type", "");
        Ref ref = Ref.of(value);
        switch (op) {
            case "equal", "not_equal": {
                if (type.isEmpty()) {
                    // PAI-Rec accepts an equal without Type and never matches it (a silent trap, its own
                    // multi_recall_mix_sort_test.go writes one): here the Value says how to compare
                    type = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? "int64" : "string";
                }
                if (!type(c, type, "string", "int", "int64")) {
                    return null;
                }
                boolean eq = "equal".equals(op);
                // PAI-Rec's defaults: equal never matches two unconvertible sides, not_equal does not differ
                Compare cmp = compare(type, eq ? "v1" : "", eq ? "v2" : "", eq ? -1 : 0, eq ? -2 : 0);
                return cond(onUser, (own, u, i) -> {
                    if (!(own.get(name) != null)) {
                        return !eq;
                    }
                    Object right = ref.resolve(u, i);
                    if (right == Ref.MISSING) {
                        return !eq;
                    }
                    return (cmp.compare(own.get(name), right) == 0) == eq;
                });
            }
            case "greater", "greaterThan", "less", "lessThan": {
                if (!type(c, type, "float", "int", "int64", "time", "string")) {
                    return null;
                }
                Compare cmp = compare(type, "", "", 0, 0);
                boolean floatItemRefHolds = "float".equals(type);
                return cond(onUser, (own, u, i) -> {
                    if (!(own.get(name) != null)) {
                        return false;
                    }
                    Object right = ref.resolve(u, i);
                    if (right == Ref.MISSING) {
                        // PAI-Rec: a float compared with a missing item. reference holds
                        return floatItemRefHolds && ref.onItem();
                    }
                    int r = cmp.compare(own.get(name), right);
                    if (r == Compare.UNPARSED) {
                        return false;
                    }
                    return switch (op) {
                        case "greater" -> r > 0;
                        case "greaterThan" -> r >= 0;
                        case "less" -> r < 0;
                        default -> r <= 0;
                    };
                });
            }
            case "in", "not_in":
                return membership(c, name, type, value, ref, "in".equals(op), onUser);
            default:
                return contains(c, name, type, value, ref, "contains".equals(op), onUser);
        }
    }

    private static boolean type(ConfigReader c, String type, String... allowed) {
        if (List.of(allowed).contains(type)) {
            return true;
        }
        c.problem("Type", "want one of " + List.of(allowed) + " for operator '" + c.config().string("Operator")
                + "', got \"" + type + "\"");
        return false;
    }

    private static Condition cond(boolean onUser, Test test) {
        return new Condition() {
            @Override
            public boolean test(Properties own, Properties user, Properties item) {
                return test.test(own, user, item);
            }

            @Override
            public boolean onUser() {
                return onUser;
            }
        };
    }

    @FunctionalInterface
    private interface Test {
        boolean test(Properties own, Properties user, Properties item);
    }

    private static Condition membership(ConfigReader c, String name, String type, Object value, Ref ref,
                                        boolean in, boolean onUser) {
        if (!type(c, type, "string", "int")) {
            return null;
        }
        boolean ints = "int".equals(type);
        // a plain string that is no reference is no list: PAI-Rec's in never matches it, not_in always does
        Object constant = value instanceof String ? List.of() : value;
        return cond(onUser, (own, u, i) -> {
            if (!(own.get(name) != null)) {
                return false;
            }
            Object right = ref.isRef() ? ref.resolve(u, i) : constant;
            if (right == Ref.MISSING) {
                // PAI-Rec: in fails on a missing user. reference and holds on a missing item. one
                return !in || ref.onItem();
            }
            boolean found = false;
            Object left = own.get(name);
            if (ints) {
                long l = GoValues.integer(left, Integer.MIN_VALUE);
                for (long v : GoValues.integers(right)) {
                    found |= v == l;
                }
            } else {
                found = GoValues.texts(right).contains(GoValues.text(left, ""));
            }
            return found == in;
        });
    }

    private static Condition contains(ConfigReader c, String name, String type, Object value, Ref ref,
                                      boolean contains, boolean onUser) {
        if (!type(c, type, "[]string", "[]int")) {
            return null;
        }
        boolean ints = "[]int".equals(type);
        Object constant;
        if (value instanceof String s) {
            // PAI-Rec: contains takes a plain string as a one-element list, not_contains as nothing
            constant = contains && !ints ? List.of(s) : List.of();
        } else {
            constant = value;
        }
        return cond(onUser, (own, u, i) -> {
            if (!(own.get(name) != null)) {
                return false;
            }
            Object right = ref.isRef() ? ref.resolve(u, i) : constant;
            if (right == Ref.MISSING) {
                return false;
            }
            boolean shared = false;
            if (ints) {
                long[] l = GoValues.integers(own.get(name));
                long[] r = GoValues.integers(right);
                if (l.length == 0 || r.length == 0) {
                    return false;
                }
                for (long a : l) {
                    for (long b : r) {
                        shared |= a == b;
                    }
                }
            } else {
                List<String> l = GoValues.texts(own.get(name));
                List<String> r = GoValues.texts(right);
                if (l.isEmpty() || r.isEmpty()) {
                    return false;
                }
                shared = l.stream().anyMatch(Set.copyOf(r)::contains);
            }
            return shared == contains;
        });
    }

    private static Condition bool(ConfigReader c, String where) {
        String type = c.string("Type", "or").toLowerCase(Locale.ROOT);
        if (!"or".equals(type) && !"and".equals(type)) {
            c.problem("Type", "want \"or\" (the default) or \"and\" for operator 'bool', got \"" + type + "\"");
        }
        boolean or = !"and".equals(type);
        Conditions inner = read(c, where, "Configs");
        List<Condition> parts = inner.conditions;
        // PAI-Rec's bool evaluates on the item side itself and dispatches each part to its own domain
        return cond(false, (own, u, i) -> {
            for (Condition p : parts) {
                if (p.test(p.onUser() ? u : i, u, i) == or) {
                    return or;
                }
            }
            return !or;
        });
    }

    private static Condition expression(ConfigReader c, Object value, boolean onUser) {
        if (!(value instanceof String source)) {
            c.problem("Value", "want an expression string for operator 'expression', got "
                    + (value == null ? "nothing" : "a " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
            return null;
        }
        Expression e;
        try {
            e = Expression.parse(source);
        } catch (Expression.SyntaxException ex) {
            c.problem("Value", "does not parse: " + ex.getMessage());
            return null;
        }
        return cond(onUser, (own, u, i) -> e.test(name -> {
            if (name.startsWith("item.")) {
                return i.get(name.substring(5));
            }
            if (name.startsWith("user.")) {
                return u.get(name.substring(5));
            }
            return own.get(name.startsWith("properties.") ? name.substring(11) : name);
        }));
    }

    /** Compares two property values as one {@code Type}; {@link #UNPARSED} when a time does not parse. */
    @FunctionalInterface
    private interface Compare {
        int UNPARSED = Integer.MIN_VALUE;

        int compare(Object left, Object right);
    }

    private static Compare compare(String type, String leftText, String rightText, long leftInt, long rightInt) {
        return switch (type) {
            case "string" -> (l, r) -> Integer.signum(GoValues.text(l, leftText).compareTo(GoValues.text(r, rightText)));
            case "float" -> (l, r) -> {
                double a = GoValues.decimal(l, 0);
                double b = GoValues.decimal(r, 0);
                return a < b ? -1 : a > b ? 1 : a == b ? 0 : Compare.UNPARSED;
            };
            case "time" -> (l, r) -> {
                Instant a = GoValues.time(GoValues.text(l, ""));
                Instant b = a == null ? null : GoValues.time(GoValues.text(r, ""));
                return b == null ? Compare.UNPARSED : a.compareTo(b);
            };
            default -> (l, r) -> Long.compare(GoValues.integer(l, leftInt), GoValues.integer(r, rightInt));
        };
    }

    /** A {@code Value}: a constant, or a reference {@code user.<name>} / {@code item.<name>}. */
    private record Ref(Object constant, String side, String key) {
        static final Object MISSING = new Object();

        static Ref of(Object value) {
            if (value instanceof String s && (s.startsWith("user.") || s.startsWith("item."))) {
                return new Ref(null, s.substring(0, 4), s.substring(5));
            }
            return new Ref(value, null, null);
        }

        boolean isRef() {
            return side != null;
        }

        boolean onItem() {
            return ITEM.equals(side);
        }

        Object resolve(Properties user, Properties item) {
            if (side == null) {
                return constant;
            }
            Object v = (onItem() ? item : user).get(key);
            return v != null ? v : MISSING;
        }
    }
}
