package io.recengine.core.feature;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneId;

import static io.recengine.core.feature.TestConfigs.fixedLocal;
import static org.assertj.core.api.Assertions.assertThat;

class NormalizersTest {

    // Monday 2024-12-30 14:05 local: ISO week 1 of 2025, December
    private static final Clock MONDAY = fixedLocal(2024, 12, 30, 14, 5);
    // Sunday 2024-03-10 23:59 local: ISO week 10, March
    private static final Clock SUNDAY = fixedLocal(2024, 3, 10, 23, 59);

    @Test
    void hourInDay() {
        assertThat(Normalizers.of("hour_in_day", MONDAY).apply(null)).isEqualTo(14);
        assertThat(Normalizers.of("hour_in_day", SUNDAY).apply("ignored")).isEqualTo(23);
    }

    @Test
    void weekdayIsMondayZeroToSundaySix() {
        assertThat(Normalizers.of("weekday", MONDAY).apply(null)).isEqualTo(0);
        assertThat(Normalizers.of("weekday", SUNDAY).apply(null)).isEqualTo(6);
        assertThat(Normalizers.of("weekday", fixedLocal(2024, 3, 8, 12, 0)).apply(null)).isEqualTo(4); // Friday
    }

    @Test
    void month() {
        assertThat(Normalizers.of("month", MONDAY).apply(null)).isEqualTo(12);
        assertThat(Normalizers.of("month", SUNDAY).apply(null)).isEqualTo(3);
    }

    @Test
    void weekIsIsoWeek() {
        assertThat(Normalizers.of("week", MONDAY).apply(null)).isEqualTo(1);
        assertThat(Normalizers.of("week", SUNDAY).apply(null)).isEqualTo(10);
        assertThat(Normalizers.of("week", fixedLocal(2021, 1, 3, 10, 0)).apply(null)).isEqualTo(53);
    }

    @Test
    void timeIsReadInTheGivenZoneNotTheClockZone() {
        Clock utcNoon = Clock.fixed(java.time.Instant.parse("2024-06-01T12:00:00Z"), ZoneId.of("UTC"));
        assertThat(Normalizers.of("hour_in_day", utcNoon, ZoneId.of("Asia/Shanghai")).apply(null)).isEqualTo(20);
        assertThat(Normalizers.of("hour_in_day", utcNoon, ZoneId.of("UTC")).apply(null)).isEqualTo(12);
    }

    @Test
    void randomIsAnIntegerFrom0To99() {
        Normalizer n = Normalizers.of("random", MONDAY);
        for (int i = 0; i < 2000; i++) {
            assertThat(n.apply(null)).isInstanceOf(Integer.class).satisfies(v -> assertThat((Integer) v).isBetween(0, 99));
        }
    }

    @Test
    void constValueAnswersNullAndUnknownNamesAreNull() {
        assertThat(Normalizers.of("const_value", MONDAY).apply("x")).isNull();
        assertThat(Normalizers.of("const_value", MONDAY).name()).isEqualTo("const_value");
        assertThat(Normalizers.of("expression", MONDAY)).isNull();
        assertThat(Normalizers.of("nope", MONDAY)).isNull();
        assertThat(Normalizers.of("", MONDAY)).isNull();
    }
}
