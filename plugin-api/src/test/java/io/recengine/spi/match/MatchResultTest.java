package io.recengine.spi.match;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three ways to build an answer read back alike: row lists, owned row arrays, owned columns. */
class MatchResultTest {

    private static final List<String> NAMES = List.of(MatchResult.SCORE, "id", "trigger_id", "score");

    @Test
    void columnsReadAsTheSameRowsWithPrimitiveScoresUnboxedOnRequest() {
        MatchResult byColumn = MatchResult.successColumns(NAMES, new Object[] {
                new double[] {0.9, 0.5}, new Object[] {"7", "3"}, new Object[] {"1", "2"}, new double[] {0.45, 0.25}}, 2);
        MatchResult byRow = MatchResult.successOwning(NAMES, new Object[][] {{0.9, "7", "1", 0.45}, {0.5, "3", "2", 0.25}});
        MatchResult byList = MatchResult.success(NAMES, List.of(List.of(0.9, "7", "1", 0.45), List.of(0.5, "3", "2", 0.25)));
        for (MatchResult r : List.of(byColumn, byRow, byList)) {
            assertEquals(2, r.size());
            assertEquals(0.5, r.value(1, 0));
            assertEquals("3", r.value(1, 1));
            assertEquals(0.9, r.number(0, 0, -1));
            assertEquals(0.45, r.number(0, 3, -1));
            assertEquals(7, r.number(0, 1, -1)); // the text "7" parses
            assertEquals(List.of(List.of(0.9, "7", "1", 0.45), List.of(0.5, "3", "2", 0.25)), r.rows());
            assertThrows(IndexOutOfBoundsException.class, () -> r.value(2, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> r.value(0, 4));
        }
        assertEquals(byRow, byColumn);
        assertEquals(byRow.hashCode(), byColumn.hashCode());
        assertEquals(byList, byColumn);
    }

    @Test
    void numbersFallBackForTextThatIsNoNumber() {
        MatchResult r = MatchResult.success(List.of("a"), List.of(Arrays.asList("x"), Arrays.asList(" 2.5 "), Arrays.asList((Object) null)));
        assertEquals(-1, r.number(0, 0, -1));
        assertEquals(2.5, r.number(1, 0, -1));
        assertEquals(-1, r.number(2, 0, -1));
    }

    @Test
    void aColumnShorterThanTheRowsOrOfAnotherTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MatchResult.successColumns(List.of("a"), new Object[] {new double[1]}, 2));
        assertThrows(IllegalArgumentException.class, () -> MatchResult.successColumns(List.of("a"), new Object[] {new int[2]}, 2));
        assertThrows(IllegalArgumentException.class, () -> MatchResult.successColumns(List.of("a", "b"), new Object[] {new double[2]}, 2));
    }
}
