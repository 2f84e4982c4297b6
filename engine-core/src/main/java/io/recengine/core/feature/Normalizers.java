package io.recengine.core.feature;

import io.recengine.core.expr.Expression;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in {@link Normalizer}s, as PAI-Rec's {@code service/feature/normalizer.go}.
 *
 * <p>Time-based normalizers read the instant from the {@link Clock} given at build time and convert it
 * to the JVM's default time zone ({@link ZoneId#systemDefault()}, captured when the normalizer is
 * built), as Go's {@code time.Now()} uses the local zone. Run the engine with {@code -Duser.timezone}
 * (or {@code TZ}) set to the zone the models were trained in.
 */
public final class Normalizers {

    public static final String HOUR_IN_DAY = "hour_in_day";
    public static final String WEEKDAY = "weekday";
    public static final String MONTH = "month";
    public static final String WEEK = "week";
    public static final String RANDOM = "random";
    public static final String CONST_VALUE = "const_value";
    /** govaluate-style: bare property names ({@code age * 2}), with the key {@code Expression}. */
    public static final String EXPRESSION = "expression";
    /** expr-lang-style: {@code user.age}, {@code item.price}, {@code currentTime}, with the key {@code Expression}. */
    public static final String EXPR = "expr";

    /** The normalizers this engine supports, in documentation order. */
    public static final List<String> KNOWN = List.of(HOUR_IN_DAY, WEEKDAY, MONTH, WEEK, RANDOM, CONST_VALUE,
            EXPRESSION, EXPR);

    /** Accepted by PAI-Rec, not implemented yet. */
    public static final List<String> NOT_SUPPORTED_YET = List.of();

    private Normalizers() {
    }

    /**
     * The normalizer named {@code name}, or null when the name is empty or not one of {@link #KNOWN}
     * (PAI-Rec silently uses no normalizer then; the engine's config check refuses it).
     */
    public static Normalizer of(String name, Clock clock) {
        return of(name, clock, ZoneId.systemDefault());
    }

    static Normalizer of(String name, Clock clock, ZoneId zone) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case HOUR_IN_DAY, WEEKDAY, MONTH, WEEK -> new TimeNormalizer(name, clock, zone);
            case RANDOM -> RandomNormalizer.INSTANCE;
            case CONST_VALUE -> ConstValueNormalizer.INSTANCE;
            default -> null;
        };
    }

    /**
     * Like {@link #of(String, Clock)}, plus the {@code expression}/{@code expr} normalizers built from
     * {@code expression} (parsed here, once).
     *
     * @throws Expression.SyntaxException when {@code expression} does not parse (empty included)
     */
    static Normalizer of(String name, Clock clock, ZoneId zone, String expression) {
        if (EXPRESSION.equals(name) || EXPR.equals(name)) {
            return new ExpressionNormalizer(name, Expression.parse(expression), clock);
        }
        return of(name, clock, zone);
    }

    /**
     * {@code expression} / {@code expr}: a numeric expression of the engine's expression language
     * ({@link Expression}; comparisons give 1/0). Variables: {@code expression} reads bare property
     * names of the user (user side) or the item (item side); {@code expr} reads {@code user.<name>} and
     * {@code item.<name>}; both know {@code currentTime} (Unix seconds) and, item side, {@code recall_name}
     * falls back to the item's retrieve id. Missing or non-numeric values count 0. Given anything but a
     * map, {@link #apply} answers {@code ""}, as PAI-Rec's normalizer does for {@code raw_feature}.
     */
    static final class ExpressionNormalizer implements Normalizer {
        private final String name;
        private final Expression expression;
        private final Clock clock;

        ExpressionNormalizer(String name, Expression expression, Clock clock) {
            this.name = name;
            this.expression = expression;
            this.clock = clock;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Object apply(Object input) {
            if (!(input instanceof Map<?, ?> m)) {
                return "";
            }
            return expression.evaluate(n -> Values.toDouble(lookup(m, n), 0));
        }

        private static Object lookup(Map<?, ?> m, String name) {
            Object v = m.get(name);
            int dot = name.indexOf('.');
            if (v == null && dot > 0 && m.get(name.substring(0, dot)) instanceof Map<?, ?> inner) {
                return inner.get(name.substring(dot + 1));
            }
            return v;
        }

        /** The value for the user side of {@code new_feature}. */
        double evaluateUser(User user) {
            long now = clock.millis() / 1000;
            boolean prefixed = EXPR.equals(name);
            return expression.evaluate(n -> {
                if ("currentTime".equals(n)) {
                    return now;
                }
                String prop = prefixed ? (n.startsWith("user.") ? n.substring(5) : null) : n;
                return prop == null ? 0 : Values.toDouble(user.property(prop), 0);
            });
        }

        /**
         * The value for one item of an item-side {@code new_feature}. {@code source} {@code user:x} or
         * {@code item:x} (other than {@code item:recall_name}) exposes only {@code x}.
         */
        double evaluateItem(User user, Item item, SourceRef source, long now) {
            boolean prefixed = EXPR.equals(name);
            return expression.evaluate(n -> {
                if ("currentTime".equals(n)) {
                    return now;
                }
                if (source != null && source.hasName()) {
                    if (!n.equals(source.name())) {
                        return 0;
                    }
                    if ("recall_name".equals(n) && !source.isUser()) {
                        return Values.toDouble(item.retrieveId(), 0);
                    }
                    return Values.toDouble(source.isUser() ? user.property(n) : item.property(n), 0);
                }
                if (prefixed) {
                    if (n.startsWith("user.")) {
                        return Values.toDouble(user.property(n.substring(5)), 0);
                    }
                    if (!n.startsWith("item.")) {
                        return 0;
                    }
                    n = n.substring(5);
                }
                Object v = item.property(n);
                if (v == null && "recall_name".equals(n)) {
                    v = item.retrieveId();
                }
                return Values.toDouble(v, 0);
            });
        }

        long nowSeconds() {
            return clock.millis() / 1000;
        }

        @Override
        public String toString() {
            return name + "(" + expression + ")";
        }
    }

    /** {@code hour_in_day} 0..23, {@code weekday} Mon=0..Sun=6, {@code month} 1..12, {@code week} ISO week. */
    static final class TimeNormalizer implements Normalizer {
        private final String name;
        private final Clock clock;
        private final ZoneId zone;

        TimeNormalizer(String name, Clock clock, ZoneId zone) {
            this.name = name;
            this.clock = clock;
            this.zone = zone;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Object apply(Object input) {
            ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), zone);
            return switch (name) {
                case HOUR_IN_DAY -> now.getHour();
                case WEEKDAY -> now.getDayOfWeek().getValue() - 1;
                case MONTH -> now.getMonthValue();
                default -> now.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code random}: a uniform integer 0..99 per call. */
    static final class RandomNormalizer implements Normalizer {
        static final RandomNormalizer INSTANCE = new RandomNormalizer();

        @Override
        public String name() {
            return RANDOM;
        }

        @Override
        public Object apply(Object input) {
            return ThreadLocalRandom.current().nextInt(100);
        }

        @Override
        public String toString() {
            return RANDOM;
        }
    }

    /** {@code const_value}: null here; {@code new_feature} (user side) writes the FeatureValue. */
    static final class ConstValueNormalizer implements Normalizer {
        static final ConstValueNormalizer INSTANCE = new ConstValueNormalizer();

        @Override
        public String name() {
            return CONST_VALUE;
        }

        @Override
        public Object apply(Object input) {
            return null;
        }

        @Override
        public String toString() {
            return CONST_VALUE;
        }
    }
}
