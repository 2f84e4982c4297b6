package io.recengine.core.feature;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
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

    /** The normalizers this engine supports, in documentation order. */
    public static final List<String> KNOWN = List.of(HOUR_IN_DAY, WEEKDAY, MONTH, WEEK, RANDOM, CONST_VALUE);

    /** Accepted by PAI-Rec, not implemented yet (they need the expression engine). */
    public static final List<String> NOT_SUPPORTED_YET = List.of("expression", "expr");

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
