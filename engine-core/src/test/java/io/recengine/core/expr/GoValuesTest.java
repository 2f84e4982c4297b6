package io.recengine.core.expr;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversions of PAI-Rec's utils/type.go and utils/time.go as the condition operators use them. */
class GoValuesTest {

    @Test
    void textOfNumbersHasNoExponentAndNoTrailingZero() {
        assertThat(GoValues.text(42.0, "d")).isEqualTo("42");
        assertThat(GoValues.text(42.5, "d")).isEqualTo("42.5");
        assertThat(GoValues.text(1e21, "d")).isEqualTo("1000000000000000000000");
        assertThat(GoValues.text(7L, "d")).isEqualTo("7");
        assertThat(GoValues.text(true, "d")).isEqualTo("d");
        assertThat(GoValues.text(List.of("a"), "d")).isEqualTo("d");
    }

    @Test
    void integersTruncateAndRefuseFractionStrings() {
        assertThat(GoValues.integer(3.9, -1)).isEqualTo(3);
        assertThat(GoValues.integer("12", -1)).isEqualTo(12);
        assertThat(GoValues.integer("3.5", -1)).isEqualTo(-1);
        assertThat(GoValues.integer(false, -1)).isEqualTo(-1);
    }

    @Test
    void decimalsParseGoSpellingsOnly() {
        assertThat(GoValues.decimal("2.5", 0)).isEqualTo(2.5);
        assertThat(GoValues.decimal("1e3", 0)).isEqualTo(1000.0);
        assertThat(GoValues.decimal("+Inf", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GoValues.decimal("-inf", 0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GoValues.decimal("1f", -7)).isEqualTo(-7.0);
        assertThat(GoValues.decimal("x", -7)).isEqualTo(-7.0);
    }

    @Test
    void listsConvertElementWise() {
        assertThat(GoValues.texts(List.of(1, 2.5, "a"))).containsExactly("1", "2.5", "a");
        assertThat(GoValues.texts("a,b")).isEmpty();
        assertThat(GoValues.integers(List.of("4", 5, "x"))).containsExactly(4, 5, 0);
    }

    @Test
    void timesInPaiRecsLayouts() {
        assertThat(GoValues.time("2025-01-05 20:16:59")).isEqualTo(Instant.parse("2025-01-05T20:16:59Z"));
        assertThat(GoValues.time("2025-01-05 20:16")).isEqualTo(Instant.parse("2025-01-05T20:16:00Z"));
        assertThat(GoValues.time("2014-01-02")).isEqualTo(Instant.parse("2014-01-02T00:00:00Z"));
        assertThat(GoValues.time("2025-01-05T20:16:59+08:00")).isEqualTo(Instant.parse("2025-01-05T12:16:59Z"));
        assertThat(GoValues.time("yesterday")).isNull();
    }
}
