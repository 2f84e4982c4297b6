package io.recengine.core.expr;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The engine's one expression language: {@code RankScore}, {@code ScoreRewrite}, the
 * {@code expression}/{@code expr} feature normalizers, the {@code expression} filter operator, and the
 * conditions of filters and sorts. It reads what PAI-Rec accepts in those places: govaluate's arithmetic
 * ({@code utils/ast}) and expr-lang's conditions.
 *
 * <p>Grammar (documented in {@code docs/ranking.md}):
 * <pre>
 *   expr    := binary ('?' expr ':' expr)?
 *   binary  := unary (binop unary)*
 *   unary   := ('-' | '+' | '!' | 'not') unary | primary
 *   primary := number | string | 'true' | 'false' | 'nil' | '${' name '}' | identifier
 *            | function '(' (expr (',' expr)*)? ')' | '(' expr ')' | '[' (expr (',' expr)*)? ']'
 *   binop   := '#' | '^' | '**' | '*' | '/' | '%' | '+' | '-'
 *            | '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | 'in' | 'not in' | 'contains' | 'startsWith'
 *            | 'endsWith' | '&amp;&amp;' | 'and' | '||' | 'or'
 * </pre>
 * Strings are quoted with {@code "} or {@code '} (backslash escapes). Functions, those PAI-Rec registers
 * ({@code utils/govaluate_functions.go}): {@code log}, {@code log10}, {@code log2}, {@code max(a, b)},
 * {@code min(a, b)}, {@code pow(a, b)}, {@code round(x)} and {@code round(x, digits)}, {@code toFloat64(x)},
 * {@code haversine(lng1, lat1, lng2, lat2)} and {@code sphereDistance(lng1, lat1, lng2, lat2)} (km),
 * {@code hash(s)} (XXH64, unsigned), {@code hash32(s)} (MurmurHash3), {@code geoHash(lat, lng[, precision])},
 * {@code geoHashWithNeighbors(lat, lng[, precision])}, {@code getString(s[, fallback])}, {@code trim(s, cutset)},
 * {@code trimPrefix(s, prefix)}, {@code replace(s, old, new)}, {@code timestamp(["ms"])}, {@code maxIndex(list)},
 * {@code maxValue(list)}; and expr-lang's {@code len}, {@code abs}, {@code floor}, {@code ceil}, {@code lower},
 * {@code upper}. {@code s2CellID} and {@code s2CellNeighbors} are refused as not supported yet.
 * {@code **} is govaluate's power, {@code c ? a : b} its conditional. {@code round(x, n)} rounds half away
 * from zero (PAI-Rec truncates: {@code round(0.29, 2)} gives 0.28 there).
 * Precedence, tightest first, all left-associative as in PAI-Rec: {@code #} (left if non-zero else
 * right), {@code ^} (power), unary minus and not, {@code * / %} ({@code %} on truncated integers),
 * {@code + -}, comparisons and {@code in} (true or false, 1 or 0 as a number), {@code &&}, {@code ||}.
 * Division or modulo by zero yields 0 (PAI-Rec panics). Identifiers ({@code age}, {@code user.age}) are
 * variables like {@code ${age}}; a missing one is {@code nil} (0 as a number), as with expr-lang's
 * {@code AllowUndefinedVariables}.
 *
 * <p>Two evaluations. {@link #evaluate} gives a number from numeric variables and allocates nothing; it is
 * what {@code RankScore} and the normalizers use, and an expression with strings, lists or {@code nil} is
 * refused there by {@link #numeric()}-checking callers. {@link #value} and {@link #test} read variables of any
 * type (a property's number, string, list or boolean): comparisons of numbers and strings, membership,
 * string functions; they allocate only where a value is built (a number result, a string, a list).
 *
 * <p>Parsed once (at config load) into an immutable tree. Thread-safe.
 */
public final class Expression {

    /** Where variable values come from during one evaluation; missing names answer 0. */
    @FunctionalInterface
    public interface Variables {
        double get(String name);
    }

    /** Variables of any type for {@link #value} and {@link #test}; a missing name answers null (nil). */
    @FunctionalInterface
    public interface Lookup {
        Object get(String name);
    }

    /** A syntax error, with the 0-based character position. */
    public static final class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int position;

        SyntaxException(String source, int position, String message) {
            super(message + " at position " + position + " in \"" + source + "\"");
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    private final String source;
    private final Node root;
    private final Set<String> variables;
    private final boolean numeric;

    private Expression(String source, Node root, Set<String> variables, boolean numeric) {
        this.source = source;
        this.root = root;
        this.variables = Collections.unmodifiableSet(variables);
        this.numeric = numeric;
    }

    /**
     * Parses {@code source}.
     *
     * @throws SyntaxException when it is not a valid expression (empty included)
     */
    public static Expression parse(String source) {
        if (source == null || source.isBlank()) {
            throw new SyntaxException(source == null ? "" : source, 0, "empty expression");
        }
        Parser p = new Parser(source);
        Node n = p.conditional();
        if (p.tok != T_EOF) {
            throw p.error("unexpected '" + p.text() + "'");
        }
        return new Expression(source, n, p.names, !p.typed);
    }

    /**
     * The value as a number, {@code vars} supplying numeric variables. Allocation-free (beyond what
     * {@code vars} does) for a {@link #numeric()} expression; any other is evaluated by {@link #value} over
     * the numbers (so a string or list there reads as 0).
     */
    public double evaluate(Variables vars) {
        return numeric ? root.eval(vars) : toDouble(root.value(vars::get));
    }

    /**
     * The value over variables of any type: a {@code Double}, {@code Boolean}, {@code String}, list,
     * {@code java.math.BigInteger} ({@code hash}) or null.
     */
    public Object value(Lookup vars) {
        return root.value(vars);
    }

    /** Whether the value is true: true, a non-zero number, a non-empty string or list; nil is false. */
    public boolean test(Lookup vars) {
        return truthy(root.value(vars));
    }

    /** Whether the expression is arithmetic only (no strings, lists, nil or string functions). */
    public boolean numeric() {
        return numeric;
    }

    /** The variable names referenced, in order of first use. */
    public Set<String> variables() {
        return variables;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    // ------------------------------------------------------------------------------------------------

    private abstract static class Node {
        /** The numeric value; only called on trees without typed nodes. */
        abstract double eval(Variables v);

        abstract Object value(Lookup l);

        /** A constant's value (no variable below), else {@link #NOT_CONSTANT}. */
        Object constant() {
            return NOT_CONSTANT;
        }
    }

    private static final Object NOT_CONSTANT = new Object();

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    static double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v == null ? 0 : io.recengine.spi.Values.toDouble(v, 0);
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** A number or boolean as a double; a string that reads as a number; else NaN (not comparable as a number). */
    private static double numberOf(Object v, boolean parseStrings) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (parseStrings && v instanceof String s && !s.isEmpty()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * Equality across the types properties come in: numbers (and booleans) by value, a number and a string
     * that reads as that number are equal (detail tables and request features hold numbers as text), strings
     * by text, nil only to nil, lists element by element.
     */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        boolean an = a instanceof Number || a instanceof Boolean;
        boolean bn = b instanceof Number || b instanceof Boolean;
        if (an || bn) {
            double x = numberOf(a, bn);
            double y = numberOf(b, an);
            return x == y;
        }
        if (a instanceof CharSequence || b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        if (a instanceof java.util.List<?> la && b instanceof java.util.List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Ordering: numbers by value, strings by text; anything else (nil included) is not ordered. */
    private static int order(Object a, Object b) {
        if (a == null || b == null) {
            return Integer.MIN_VALUE;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb);
        }
        double x = numberOf(a, true);
        double y = numberOf(b, true);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Integer.MIN_VALUE;
        }
        return Double.compare(x, y);
    }

    /** {@code x in coll}: an element of a list or array, a key of a map; false for anything else. */
    static boolean member(Object x, Object coll) {
        if (coll instanceof java.util.Collection<?> c) {
            for (Object e : c) {
                if (same(x, e)) {
                    return true;
                }
            }
            return false;
        }
        if (coll instanceof java.util.Map<?, ?> m) {
            return x != null && m.containsKey(x instanceof String ? x : text(x));
        }
        if (coll != null && coll.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(coll);
            for (int i = 0; i < n; i++) {
                if (same(x, java.lang.reflect.Array.get(coll, i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object bool(boolean b) {
        return b ? Boolean.TRUE : Boolean.FALSE;
    }

    private static final class Num extends Node {
        final double value;
        final Double boxed;

        Num(double value) {
            this.value = value;
            this.boxed = value;
        }

        @Override
        double eval(Variables v) {
            return value;
        }

        @Override
        Object value(Lookup l) {
            return boxed;
        }

        @Override
        Object constant() {
            return boxed;
        }
    }

    /** A string, {@code true}, {@code false} or {@code nil}. */
    private static final class Const extends Node {
        final Object value;

        Const(Object value) {
            this.value = value;
        }

        @Override
        double eval(Variables v) {
            return toDouble(value);
        }

        @Override
        Object value(Lookup l) {
            return value;
        }

        @Override
        Object constant() {
            return value;
        }
    }

    /** {@code [a, b, ...]}; built once when every element is a constant. */
    private static final class ListLit extends Node {
        final Node[] elements;
        final java.util.List<Object> fixed;

        ListLit(Node[] elements) {
            this.elements = elements;
            java.util.List<Object> f = new java.util.ArrayList<>(elements.length);
            for (Node e : elements) {
                Object c = e.constant();
                if (c == NOT_CONSTANT) {
                    f = null;
                    break;
                }
                f.add(c);
            }
            this.fixed = f == null ? null : Collections.unmodifiableList(f);
        }

        @Override
        double eval(Variables v) {
            throw new IllegalStateException("a list has no numeric value");
        }

        @Override
        Object value(Lookup l) {
            if (fixed != null) {
                return fixed;
            }
            java.util.List<Object> out = new java.util.ArrayList<>(elements.length);
            for (Node e : elements) {
                out.add(e.value(l));
            }
            return out;
        }

        @Override
        Object constant() {
            return fixed != null ? fixed : NOT_CONSTANT;
        }
    }

    private static final class Var extends Node {
        final String name;

        Var(String name) {
            this.name = name;
        }

        @Override
        double eval(Variables v) {
            return v.get(name);
        }

        @Override
        Object value(Lookup l) {
            return l.get(name);
        }
    }

    private static final class Neg extends Node {
        final Node operand;

        Neg(Node operand) {
            this.operand = operand;
        }

        @Override
        double eval(Variables v) {
            return -operand.eval(v);
        }

        @Override
        Object value(Lookup l) {
            return -toDouble(operand.value(l));
        }
    }

    private static final class Not extends Node {
        final Node operand;

        Not(Node operand) {
            this.operand = operand;
        }

        @Override
        double eval(Variables v) {
            return operand.eval(v) == 0 ? 1 : 0;
        }

        @Override
        Object value(Lookup l) {
            return bool(!truthy(operand.value(l)));
        }
    }

    private static final class Bin extends Node {
        final int op;
        final Node l;
        final Node r;

        Bin(int op, Node l, Node r) {
            this.op = op;
            this.l = l;
            this.r = r;
        }

        @Override
        double eval(Variables v) {
            double a = l.eval(v);
            switch (op) {
                case T_AND:
                    return a != 0 && r.eval(v) != 0 ? 1 : 0;
                case T_OR:
                    return a != 0 || r.eval(v) != 0 ? 1 : 0;
                default:
                    break;
            }
            double b = r.eval(v);
            return arithmetic(op, a, b);
        }

        @Override
        Object value(Lookup lk) {
            Object a = l.value(lk);
            switch (op) {
                case T_AND:
                    return bool(truthy(a) && truthy(r.value(lk)));
                case T_OR:
                    return bool(truthy(a) || truthy(r.value(lk)));
                case T_COALESCE:
                    return truthy(a) ? a : r.value(lk);
                default:
                    break;
            }
            Object b = r.value(lk);
            switch (op) {
                case T_EQ:
                    return bool(same(a, b));
                case T_NE:
                    return bool(!same(a, b));
                case T_LT, T_LE, T_GT, T_GE: {
                    int c = order(a, b);
                    if (c == Integer.MIN_VALUE) {
                        return Boolean.FALSE;
                    }
                    return bool(op == T_LT ? c < 0 : op == T_LE ? c <= 0 : op == T_GT ? c > 0 : c >= 0);
                }
                case T_IN:
                    return bool(member(a, b));
                case T_NOT_IN:
                    return bool(!member(a, b));
                case T_CONTAINS:
                    return bool(a != null && b != null && text(a).contains(text(b)));
                case T_STARTS:
                    return bool(a != null && b != null && text(a).startsWith(text(b)));
                case T_ENDS:
                    return bool(a != null && b != null && text(a).endsWith(text(b)));
                case T_ADD:
                    if (a instanceof String || b instanceof String) {
                        return text(a) + text(b);
                    }
                    break;
                case T_MOD:
                    if (a instanceof java.math.BigInteger big) {
                        long d = (long) toDouble(b);
                        return d == 0 ? 0.0 : (double) big.mod(java.math.BigInteger.valueOf(Math.abs(d))).longValue();
                    }
                    break;
                default:
                    break;
            }
            return arithmetic(op, toDouble(a), toDouble(b));
        }
    }

    private static double arithmetic(int op, double a, double b) {
        switch (op) {
            case T_COALESCE:
                return a != 0 ? a : b;
            case T_POW:
                return Math.pow(a, b);
            case T_MUL:
                return a * b;
            case T_DIV:
                return b == 0 ? 0 : a / b;
            case T_MOD: {
                long d = (long) b;
                return d == 0 ? 0 : (double) ((long) a % d);
            }
            case T_ADD:
                return a + b;
            case T_SUB:
                return a - b;
            case T_EQ:
                return a == b ? 1 : 0;
            case T_NE:
                return a != b ? 1 : 0;
            case T_LT:
                return a < b ? 1 : 0;
            case T_LE:
                return a <= b ? 1 : 0;
            case T_GT:
                return a > b ? 1 : 0;
            case T_GE:
                return a >= b ? 1 : 0;
            default:
                throw new IllegalStateException("operator " + op);
        }
    }

    private static final class Cond extends Node {
        final Node c;
        final Node a;
        final Node b;

        Cond(Node c, Node a, Node b) {
            this.c = c;
            this.a = a;
            this.b = b;
        }

        @Override
        double eval(Variables v) {
            return c.eval(v) != 0 ? a.eval(v) : b.eval(v);
        }

        @Override
        Object value(Lookup l) {
            return truthy(c.value(l)) ? a.value(l) : b.value(l);
        }
    }

    /** A function call; numeric arguments are evaluated into locals, so a numeric call allocates nothing. */
    private static final class Call extends Node {
        final Fn fn;
        final Node[] args;
        final Node a;
        final Node b;
        final Node c;
        final Node d;

        Call(Fn fn, Node[] args) {
            this.fn = fn;
            this.args = args;
            this.a = args.length > 0 ? args[0] : null;
            this.b = args.length > 1 ? args[1] : null;
            this.c = args.length > 2 ? args[2] : null;
            this.d = args.length > 3 ? args[3] : null;
        }

        @Override
        double eval(Variables v) {
            if (fn == Fn.TIMESTAMP) {
                return timestamp(false);
            }
            return numeric(fn, a.eval(v), b == null ? 0 : b.eval(v), c == null ? 0 : c.eval(v),
                    d == null ? 0 : d.eval(v), b != null);
        }

        @Override
        Object value(Lookup l) {
            switch (fn) {
                case TIMESTAMP:
                    return timestamp(a != null && isMillis(text(a.value(l))));
                case GET_STRING: {
                    Object x = a.value(l);
                    if (x != null && !"".equals(x)) {
                        return x;
                    }
                    return b == null ? "" : b.value(l);
                }
                case TRIM:
                    return trim(text(a.value(l)), text(b.value(l)));
                case TRIM_PREFIX: {
                    String x = text(a.value(l));
                    String p = text(b.value(l));
                    return x.startsWith(p) ? x.substring(p.length()) : x;
                }
                case REPLACE:
                    return text(a.value(l)).replace(text(b.value(l)), text(c.value(l)));
                case HASH:
                    return new java.math.BigInteger(Long.toUnsignedString(Hashes.xxh64(text(a.value(l)))));
                case HASH32:
                    return (double) Hashes.murmur3(text(a.value(l)));
                case GEOHASH:
                    return GeoHash.encode(toDouble(a.value(l)), toDouble(b.value(l)),
                            c == null ? 6 : (int) toDouble(c.value(l)));
                case GEOHASH_NEIGHBORS:
                    return GeoHash.withNeighbors(toDouble(a.value(l)), toDouble(b.value(l)),
                            c == null ? 6 : (int) toDouble(c.value(l)));
                case MAX_INDEX:
                case MAX_VALUE: {
                    java.util.List<?> list = asList(a.value(l));
                    if (list.isEmpty()) {
                        return null;
                    }
                    int best = 0;
                    double max = toDouble(list.get(0));
                    for (int i = 1; i < list.size(); i++) {
                        double x = toDouble(list.get(i));
                        if (x > max) {
                            max = x;
                            best = i;
                        }
                    }
                    return fn == Fn.MAX_INDEX ? (double) best : max;
                }
                case LEN: {
                    Object x = a.value(l);
                    if (x instanceof CharSequence s) {
                        return (double) s.toString().codePointCount(0, s.length());
                    }
                    if (x instanceof java.util.Map<?, ?> m) {
                        return (double) m.size();
                    }
                    return (double) asList(x).size();
                }
                case LOWER:
                    return text(a.value(l)).toLowerCase(java.util.Locale.ROOT);
                case UPPER:
                    return text(a.value(l)).toUpperCase(java.util.Locale.ROOT);
                default:
                    break;
            }
            return numeric(fn, toDouble(a.value(l)), b == null ? 0 : toDouble(b.value(l)),
                    c == null ? 0 : toDouble(c.value(l)), d == null ? 0 : toDouble(d.value(l)), b != null);
        }
    }

    /** The arithmetic functions, from their evaluated arguments ({@code hasY}: a second one was given). */
    private static double numeric(Fn fn, double x, double y, double z, double w, boolean hasY) {
        return switch (fn) {
            case LOG -> Math.log(x);
            case LOG10 -> Math.log10(x);
            case LOG2 -> Math.log(x) / Math.log(2);
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> Math.pow(x, y);
            case ROUND -> hasY ? round(x, y) : (double) Math.round(x);
            case TO_FLOAT64 -> x;
            case HAVERSINE -> haversine(x, y, z, w);
            case SPHERE_DISTANCE -> sphereDistance(x, y, z, w);
            case ABS -> Math.abs(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            default -> throw new IllegalStateException(fn.fname + " has no numeric form");
        };
    }

    private static boolean isMillis(String unit) {
        String u = unit.toLowerCase(java.util.Locale.ROOT);
        return u.equals("ms") || u.equals("millisecond") || u.equals("milliseconds");
    }

    private static double timestamp(boolean millis) {
        long now = System.currentTimeMillis();
        return millis ? now : now / 1000;
    }

    private static java.util.List<?> asList(Object v) {
        if (v instanceof java.util.List<?> list) {
            return list;
        }
        if (v instanceof java.util.Collection<?> c) {
            return new java.util.ArrayList<>(c);
        }
        if (v != null && v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            java.util.List<Object> out = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(java.lang.reflect.Array.get(v, i));
            }
            return out;
        }
        return java.util.List.of();
    }

    /** Go's strings.Trim: drops the characters of {@code cutset} from both ends. */
    private static String trim(String s, String cutset) {
        int from = 0;
        int to = s.length();
        while (from < to && cutset.indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && cutset.indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    private static final double EARTH_RADIUS_KM = 6371.0;

    private static double round(double x, double digits) {
        double m = Math.pow(10, digits);
        // half away from zero, as Go's math.Round
        return Math.signum(x) * Math.floor(Math.abs(x) * m + 0.5) / m;
    }

    static double haversine(double lng1, double lat1, double lng2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dLat = p2 - p1;
        double dLng = Math.toRadians(lng2) - Math.toRadians(lng1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return EARTH_RADIUS_KM * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
    }

    static double sphereDistance(double lng1, double lat1, double lng2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double cos = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(Math.toRadians(lng2 - lng1));
        return Math.acos(Math.max(-1.0, Math.min(1.0, cos))) * EARTH_RADIUS_KM;
    }

    /** The functions, how many arguments each takes, and whether it is arithmetic only. */
    private enum Fn {
        LOG("log", 1, 1, true), LOG10("log10", 1, 1, true), LOG2("log2", 1, 1, true), MAX("max", 2, 2, true),
        MIN("min", 2, 2, true), POW("pow", 2, 2, true), ROUND("round", 1, 2, true), TO_FLOAT64("toFloat64", 1, 1, true),
        HAVERSINE("haversine", 4, 4, true), SPHERE_DISTANCE("sphereDistance", 4, 4, true), ABS("abs", 1, 1, true),
        FLOOR("floor", 1, 1, true), CEIL("ceil", 1, 1, true), TIMESTAMP("timestamp", 0, 1, false),
        GET_STRING("getString", 1, 2, false), TRIM("trim", 2, 2, false), TRIM_PREFIX("trimPrefix", 2, 2, false),
        REPLACE("replace", 3, 3, false), HASH("hash", 1, 1, false), HASH32("hash32", 1, 1, false),
        GEOHASH("geoHash", 2, 3, false), GEOHASH_NEIGHBORS("geoHashWithNeighbors", 2, 3, false),
        MAX_INDEX("maxIndex", 1, 1, false), MAX_VALUE("maxValue", 1, 1, false), LEN("len", 1, 1, false),
        LOWER("lower", 1, 1, false), UPPER("upper", 1, 1, false);

        /** PAI-Rec functions read but refused: they need the S2 geometry library. */
        static final Set<String> NOT_YET = Set.of("s2CellID", "s2CellNeighbors");

        final String fname;
        final int min;
        final int max;
        final boolean arithmetic;

        Fn(String fname, int min, int max, boolean arithmetic) {
            this.fname = fname;
            this.min = min;
            this.max = max;
            this.arithmetic = arithmetic;
        }

        static Fn of(String name) {
            for (Fn f : values()) {
                if (f.fname.equals(name)) {
                    return f;
                }
            }
            return null;
        }

        static java.util.List<String> names() {
            return java.util.Arrays.stream(values()).map(f -> f.fname).toList();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Tokens and a precedence-climbing parser.

    private static final int T_EOF = 0;
    private static final int T_NUM = 1;
    private static final int T_VAR = 2;
    private static final int T_LPAREN = 3;
    private static final int T_RPAREN = 4;
    private static final int T_NOT = 5;
    private static final int T_COALESCE = 10;
    private static final int T_POW = 11;
    private static final int T_MUL = 12;
    private static final int T_DIV = 13;
    private static final int T_MOD = 14;
    private static final int T_ADD = 15;
    private static final int T_SUB = 16;
    private static final int T_EQ = 17;
    private static final int T_NE = 18;
    private static final int T_LT = 19;
    private static final int T_LE = 20;
    private static final int T_GT = 21;
    private static final int T_GE = 22;
    private static final int T_AND = 23;
    private static final int T_OR = 24;
    private static final int T_COMMA = 25;
    private static final int T_QUESTION = 26;
    private static final int T_COLON = 27;
    private static final int T_STR = 28;
    private static final int T_LBRACK = 29;
    private static final int T_RBRACK = 30;
    private static final int T_IN = 31;
    private static final int T_NOT_IN = 32;
    private static final int T_CONTAINS = 33;
    private static final int T_STARTS = 34;
    private static final int T_ENDS = 35;
    private static final int T_CONST = 36;

    /** Unary minus binds tighter than {@code * /}, looser than {@code ^} and {@code #}. */
    private static final int UNARY_PRECEDENCE = 50;

    private static int precedence(int tok) {
        return switch (tok) {
            case T_COALESCE -> 80;
            case T_POW -> 60;
            case T_MUL, T_DIV, T_MOD -> 40;
            case T_ADD, T_SUB -> 20;
            case T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_IN, T_NOT_IN, T_CONTAINS, T_STARTS, T_ENDS -> 10;
            case T_AND -> 5;
            case T_OR -> 4;
            default -> -1;
        };
    }

    private static final class Parser {
        final String s;
        int pos;
        int tok;
        int tokStart;
        double num;
        String name;
        Object constValue;
        /** Whether a string, list, nil, membership or string function occurs: see {@link Expression#numeric()}. */
        boolean typed;
        final Set<String> names = new LinkedHashSet<>();

        Parser(String s) {
            this.s = s;
            next();
        }

        String text() {
            return tok == T_EOF ? "end" : s.substring(tokStart, pos);
        }

        SyntaxException error(String message) {
            return new SyntaxException(s, tokStart, message);
        }

        Node conditional() {
            Node c = expression(0);
            if (tok != T_QUESTION) {
                return c;
            }
            next();
            Node a = conditional();
            if (tok != T_COLON) {
                throw error("expected ':' of 'c ? a : b' but got '" + text() + "'");
            }
            next();
            return new Cond(c, a, conditional());
        }

        Node expression(int minPrec) {
            Node lhs = unary();
            while (true) {
                int prec = precedence(tok);
                if (prec < 0 || prec < minPrec) {
                    return lhs;
                }
                int op = tok;
                if (op >= T_IN && op <= T_ENDS) {
                    typed = true;
                }
                next();
                Node rhs = expression(prec + 1);
                lhs = new Bin(op, lhs, rhs);
            }
        }

        Node unary() {
            if (tok == T_SUB || tok == T_ADD || tok == T_NOT) {
                int op = tok;
                next();
                Node operand = expression(UNARY_PRECEDENCE);
                if (op == T_SUB) {
                    return operand instanceof Num n ? new Num(-n.value) : new Neg(operand);
                }
                return op == T_NOT ? new Not(operand) : operand;
            }
            return primary();
        }

        Node primary() {
            switch (tok) {
                case T_NUM -> {
                    double v = num;
                    next();
                    return new Num(v);
                }
                case T_VAR -> {
                    String n = name;
                    int at = tokStart;
                    next();
                    if (tok == T_LPAREN && n.indexOf('.') < 0) {
                        return call(n, at);
                    }
                    names.add(n);
                    return new Var(n);
                }
                case T_STR -> {
                    String v = name;
                    typed = true;
                    next();
                    return new Const(v);
                }
                case T_CONST -> {
                    Object v = constValue;
                    typed |= v == null;
                    next();
                    return new Const(v);
                }
                case T_LBRACK -> {
                    int open = tokStart;
                    typed = true;
                    next();
                    java.util.List<Node> elements = new java.util.ArrayList<>();
                    if (tok != T_RBRACK) {
                        elements.add(conditional());
                        while (tok == T_COMMA) {
                            next();
                            elements.add(conditional());
                        }
                    }
                    if (tok != T_RBRACK) {
                        throw tok == T_EOF ? new SyntaxException(s, open, "unclosed '['")
                                : error("expected ',' or ']' but got '" + text() + "'");
                    }
                    next();
                    return new ListLit(elements.toArray(new Node[0]));
                }
                case T_LPAREN -> {
                    int open = tokStart;
                    next();
                    Node e = conditional();
                    if (tok != T_RPAREN) {
                        throw tok == T_EOF ? new SyntaxException(s, open, "unclosed '('")
                                : error("expected ')' but got '" + text() + "'");
                    }
                    next();
                    return e;
                }
                case T_EOF -> throw error("expression ends where an operand is expected");
                default -> throw error("expected a number, string, name, '(' or '[' but got '" + text() + "'");
            }
        }

        Node call(String n, int at) {
            Fn fn = Fn.of(n);
            if (Fn.NOT_YET.contains(n)) {
                throw new SyntaxException(s, at, n + " is not supported yet");
            }
            if (fn == null) {
                throw new SyntaxException(s, at, "unknown function '" + n + "'. Known: " + Fn.names());
            }
            next();
            java.util.List<Node> args = new java.util.ArrayList<>();
            if (tok != T_RPAREN) {
                args.add(conditional());
                while (tok == T_COMMA) {
                    next();
                    args.add(conditional());
                }
            }
            if (tok != T_RPAREN) {
                throw tok == T_EOF ? new SyntaxException(s, at, "unclosed '(' of " + n)
                        : error("expected ',' or ')' but got '" + text() + "'");
            }
            next();
            if (args.size() < fn.min || args.size() > fn.max) {
                throw new SyntaxException(s, at, n + " takes " + (fn.min == fn.max ? fn.min : fn.min + " or " + fn.max)
                        + " argument(s), got " + args.size());
            }
            typed |= !fn.arithmetic;
            return new Call(fn, args.toArray(new Node[0]));
        }

        void next() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            tokStart = pos;
            if (pos >= s.length()) {
                tok = T_EOF;
                return;
            }
            char c = s.charAt(pos);
            char c2 = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
            switch (c) {
                case '(' -> single(T_LPAREN);
                case ')' -> single(T_RPAREN);
                case '#' -> single(T_COALESCE);
                case '^' -> single(T_POW);
                case '*' -> {
                    if (c2 == '*') {
                        pair(T_POW);
                    } else {
                        single(T_MUL);
                    }
                }
                case ',' -> single(T_COMMA);
                case '[' -> single(T_LBRACK);
                case ']' -> single(T_RBRACK);
                case '"', '\'' -> string(c);
                case '?' -> single(T_QUESTION);
                case ':' -> single(T_COLON);
                case '/' -> single(T_DIV);
                case '%' -> single(T_MOD);
                case '+' -> single(T_ADD);
                case '-' -> single(T_SUB);
                case '=' -> {
                    if (c2 != '=') {
                        throw new SyntaxException(s, pos, "'=' must be '=='");
                    }
                    pair(T_EQ);
                }
                case '!' -> {
                    if (c2 == '=') {
                        pair(T_NE);
                    } else {
                        single(T_NOT);
                    }
                }
                case '<' -> {
                    if (c2 == '=') {
                        pair(T_LE);
                    } else {
                        single(T_LT);
                    }
                }
                case '>' -> {
                    if (c2 == '=') {
                        pair(T_GE);
                    } else {
                        single(T_GT);
                    }
                }
                case '&' -> {
                    if (c2 != '&') {
                        throw new SyntaxException(s, pos, "'&' must be '&&'");
                    }
                    pair(T_AND);
                }
                case '|' -> {
                    if (c2 != '|') {
                        throw new SyntaxException(s, pos, "'|' must be '||'");
                    }
                    pair(T_OR);
                }
                case '$' -> {
                    if (c2 != '{') {
                        throw new SyntaxException(s, pos, "'$' must start ${name}");
                    }
                    int end = s.indexOf('}', pos + 2);
                    if (end < 0) {
                        throw new SyntaxException(s, pos, "unclosed '${'");
                    }
                    String n = s.substring(pos + 2, end).trim();
                    if (n.isEmpty()) {
                        throw new SyntaxException(s, pos, "empty variable name in '${}'");
                    }
                    name = n;
                    pos = end + 1;
                    tok = T_VAR;
                }
                default -> {
                    if (isDigit(c)) {
                        number();
                    } else if (Character.isLetter(c) || c == '_') {
                        int start = pos;
                        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                                || s.charAt(pos) == '.')) {
                            pos++;
                        }
                        name = s.substring(start, pos);
                        tok = T_VAR;
                        keyword();
                    } else {
                        throw new SyntaxException(s, pos, "unknown symbol '" + c + "'");
                    }
                }
            }
        }

        /** expr-lang's word operators and literals; any other identifier stays a variable or function name. */
        private void keyword() {
            switch (name) {
                case "and" -> tok = T_AND;
                case "or" -> tok = T_OR;
                case "in" -> tok = T_IN;
                case "contains" -> tok = T_CONTAINS;
                case "startsWith" -> tok = T_STARTS;
                case "endsWith" -> tok = T_ENDS;
                case "true", "false", "nil" -> {
                    tok = T_CONST;
                    constValue = "nil".equals(name) ? null : Boolean.valueOf(name);
                }
                case "not" -> {
                    // 'not in' is one operator; a lone 'not' is '!'
                    int save = pos;
                    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                        pos++;
                    }
                    if (s.startsWith("in", pos) && (pos + 2 >= s.length()
                            || !(Character.isLetterOrDigit(s.charAt(pos + 2)) || s.charAt(pos + 2) == '_'))) {
                        pos += 2;
                        tok = T_NOT_IN;
                    } else {
                        pos = save;
                        tok = T_NOT;
                    }
                }
                default -> {
                }
            }
        }

        /** A quoted string; backslash escapes {@code \n \t \\ \" \'}. */
        private void string(char quote) {
            int start = pos;
            StringBuilder b = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= s.length()) {
                    throw new SyntaxException(s, start, "unclosed string");
                }
                char ch = s.charAt(pos++);
                if (ch == quote) {
                    break;
                }
                if (ch == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    b.append(ch);
                }
            }
            name = b.toString();
            tok = T_STR;
        }

        private void single(int t) {
            tok = t;
            pos++;
        }

        private void pair(int t) {
            tok = t;
            pos += 2;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void number() {
            int start = pos;
            while (pos < s.length() && (isDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    while (pos < s.length() && isDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                    throw new SyntaxException(s, start, "malformed number '" + s.substring(start, Math.min(s.length(), save + 1)) + "'");
                }
            }
            String text = s.substring(start, pos).replace("_", "");
            try {
                num = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new SyntaxException(s, start, "malformed number '" + s.substring(start, pos) + "'");
            }
            tok = T_NUM;
        }
    }
}
