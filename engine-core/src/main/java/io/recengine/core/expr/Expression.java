package io.recengine.core.expr;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The engine's one arithmetic expression language: {@code RankScore}, {@code ScoreRewrite}, the
 * {@code expression}/{@code expr} feature normalizers, and later filters and sorts.
 *
 * <p>Grammar (PAI-Rec's {@code utils/ast} plus a few strict additions, documented in
 * {@code docs/ranking.md}):
 * <pre>
 *   expr    := binary ('?' expr ':' expr)?
 *   binary  := unary (binop unary)*
 *   unary   := ('-' | '+' | '!') unary | primary
 *   primary := number | '${' name '}' | identifier | function '(' (expr (',' expr)*)? ')' | '(' expr ')'
 *   binop   := '#' | '^' | '**' | '*' | '/' | '%' | '+' | '-'
 *            | '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '&amp;&amp;' | '||'
 * </pre>
 * Functions, PAI-Rec's numeric ones ({@code utils/govaluate_functions.go}): {@code log}, {@code log10},
 * {@code log2}, {@code max(a, b)}, {@code min(a, b)}, {@code pow(a, b)}, {@code round(x)} and
 * {@code round(x, digits)}, {@code toFloat64(x)}, {@code haversine(lng1, lat1, lng2, lat2)} and
 * {@code sphereDistance(lng1, lat1, lng2, lat2)} (km). {@code **} is govaluate's power, {@code c ? a : b}
 * its conditional. {@code round(x, n)} rounds half away from zero (PAI-Rec truncates:
 * {@code round(0.29, 2)} gives 0.28 there).
 * Precedence, tightest first, all left-associative as in PAI-Rec: {@code #} (left if non-zero else
 * right), {@code ^} (power), unary minus, {@code * / %} ({@code %} on truncated integers),
 * {@code + -}, comparisons (1 or 0), {@code &&}, {@code ||}. Division or modulo by zero yields 0
 * (PAI-Rec panics). Identifiers ({@code age}, {@code user.age}) are variables like {@code ${age}};
 * they exist for the govaluate/expr-style normalizer expressions.
 *
 * <p>Parsed once (at config load) into an immutable tree; {@link #evaluate} walks it without
 * allocating. Thread-safe.
 */
public final class Expression {

    /** Where variable values come from during one evaluation; missing names answer 0. */
    @FunctionalInterface
    public interface Variables {
        double get(String name);
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

    private Expression(String source, Node root, Set<String> variables) {
        this.source = source;
        this.root = root;
        this.variables = Collections.unmodifiableSet(variables);
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
        return new Expression(source, n, p.names);
    }

    /** The value, {@code vars} supplying the variables. Allocation-free (beyond what {@code vars} does). */
    public double evaluate(Variables vars) {
        return root.eval(vars);
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
        abstract double eval(Variables v);
    }

    private static final class Num extends Node {
        final double value;

        Num(double value) {
            this.value = value;
        }

        @Override
        double eval(Variables v) {
            return value;
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
    }

    /** A function call; arguments are evaluated into locals, so a call allocates nothing. */
    private static final class Call extends Node {
        final Fn fn;
        final Node a;
        final Node b;
        final Node c;
        final Node d;

        Call(Fn fn, Node[] args) {
            this.fn = fn;
            this.a = args.length > 0 ? args[0] : null;
            this.b = args.length > 1 ? args[1] : null;
            this.c = args.length > 2 ? args[2] : null;
            this.d = args.length > 3 ? args[3] : null;
        }

        @Override
        double eval(Variables v) {
            double x = a.eval(v);
            return switch (fn) {
                case LOG -> Math.log(x);
                case LOG10 -> Math.log10(x);
                case LOG2 -> Math.log(x) / Math.log(2);
                case MAX -> Math.max(x, b.eval(v));
                case MIN -> Math.min(x, b.eval(v));
                case POW -> Math.pow(x, b.eval(v));
                case ROUND -> b == null ? (double) Math.round(x) : round(x, b.eval(v));
                case TO_FLOAT64 -> x;
                case HAVERSINE -> haversine(x, b.eval(v), c.eval(v), d.eval(v));
                case SPHERE_DISTANCE -> sphereDistance(x, b.eval(v), c.eval(v), d.eval(v));
            };
        }
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

    /** The functions and how many arguments each takes. */
    private enum Fn {
        LOG("log", 1, 1), LOG10("log10", 1, 1), LOG2("log2", 1, 1), MAX("max", 2, 2), MIN("min", 2, 2),
        POW("pow", 2, 2), ROUND("round", 1, 2), TO_FLOAT64("toFloat64", 1, 1), HAVERSINE("haversine", 4, 4),
        SPHERE_DISTANCE("sphereDistance", 4, 4);

        final String fname;
        final int min;
        final int max;

        Fn(String fname, int min, int max) {
            this.fname = fname;
            this.min = min;
            this.max = max;
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

    /** Unary minus binds tighter than {@code * /}, looser than {@code ^} and {@code #}. */
    private static final int UNARY_PRECEDENCE = 50;

    private static int precedence(int tok) {
        return switch (tok) {
            case T_COALESCE -> 80;
            case T_POW -> 60;
            case T_MUL, T_DIV, T_MOD -> 40;
            case T_ADD, T_SUB -> 20;
            case T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE -> 10;
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
                default -> throw error("expected a number, ${name} or '(' but got '" + text() + "'");
            }
        }

        Node call(String n, int at) {
            Fn fn = Fn.of(n);
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
                    } else {
                        throw new SyntaxException(s, pos, "unknown symbol '" + c + "'");
                    }
                }
            }
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
