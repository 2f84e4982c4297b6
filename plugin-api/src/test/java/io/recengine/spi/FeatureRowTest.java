package io.recengine.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared rows joined to items by reference read as if their values had been set on the item. */
class FeatureRowTest {

    private static final RowSchema SCHEMA = RowSchema.of(List.of("id", "title", "category", "year"));

    private static FeatureRow row(String id, String title, String category, String year) {
        return FeatureRow.owning(SCHEMA, new Object[] {id, title, category, year});
    }

    @Test
    void schemaSelectionKeepsGivenOrderDropsUnknownNamesAndSharesPositions() {
        RowSchema sel = SCHEMA.select(List.of("year", "nope", "title", "year"));
        assertEquals(List.of("year", "title"), sel.names());
        assertEquals(3, sel.column("year"));
        assertEquals(1, sel.column("title"));
        assertEquals(-1, sel.column("id"));
        assertSame(SCHEMA, sel.base());
        assertEquals(4, sel.width());
        assertThrows(IllegalArgumentException.class, () -> RowSchema.of(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> FeatureRow.owning(SCHEMA, new Object[2]));
        assertThrows(IllegalArgumentException.class,
                () -> row("1", "t", "c", null).select(RowSchema.of(List.of("title"))));
    }

    @Test
    void joinedRowReadsLikeSetPropertiesOfItsMap() {
        FeatureRow r = row("1", "Heat", "crime", null).select(SCHEMA.select(List.of("title", "category", "year")));
        assertEquals(Map.of("title", "Heat", "category", "crime"), r.asMap());

        Item joined = new Item("1", "recall", 0.5);
        Item copied = new Item("1", "recall", 0.5);
        for (Item it : List.of(joined, copied)) {
            it.setProperty("score", 0.5);
            it.setProperty("title", "from the recall"); // replaced by the row's value, as a set would
            it.setProperty("year", "1995"); // the row has no year: kept
        }
        joined.joinRow(r);
        copied.setProperties(r.asMap());
        assertEquals(copied.properties(), joined.properties());
        assertEquals(List.of("score", "year", "title", "category"), new ArrayList<>(joined.properties().keySet()));
        assertEquals("Heat", joined.property("title"));
        assertNull(joined.ownProperty("title"));
        assertEquals("1995", joined.ownProperty("year"));
        assertNull(joined.property("id")); // not selected
        assertSame(r, joined.row());
        assertEquals(4, joined.properties().size());
    }

    @Test
    void laterWritesShadowTheRowAndRemovalsCopyItFirst() {
        FeatureRow r = row("1", "Heat", "crime", "1995");
        Item it = new Item("1");
        it.joinRow(r);
        it.setProperty("category", "drama");
        assertEquals("drama", it.property("category"));
        assertEquals("crime", r.get("category")); // the shared row never changes
        it.removeProperty("category");
        assertNull(it.property("category"));
        it.removeProperty("title");
        assertNull(it.property("title"));
        assertNull(it.row());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "1");
        expected.put("year", "1995");
        assertEquals(expected, it.properties());
    }

    @Test
    void aSecondJoinKeepsTheFirstRowsValues() {
        RowSchema other = RowSchema.of(List.of("id", "price"));
        Item it = new Item("1");
        it.joinRow(row("1", "Heat", "crime", "1995"));
        it.joinRow(FeatureRow.owning(other, new Object[] {"1", "9.5"}));
        assertEquals("Heat", it.property("title"));
        assertEquals("9.5", it.property("price"));
        assertEquals(5, it.properties().size());
    }

    @Test
    void derivedDataIsComputedOncePerOwnerAndSelectionAndSharedBySelections() {
        FeatureRow base = row("1", "Heat", "crime", "1995");
        RowSchema sel = SCHEMA.select(List.of("category"));
        AtomicInteger computed = new AtomicInteger();
        Object a = base.select(sel).derived("model", r -> computed.incrementAndGet() + ":" + r.schema().size());
        Object b = base.select(sel).derived("model", r -> computed.incrementAndGet() + ":" + r.schema().size());
        Object c = base.derived("model", r -> computed.incrementAndGet() + ":" + r.schema().size());
        assertSame(a, b);
        assertEquals("1:1", a);
        assertEquals("2:4", c);
        assertEquals(2, computed.get());
        FeatureRow updated = row("1", "Heat", "drama", "1995");
        assertEquals("3:1", updated.select(sel).derived("model", r -> computed.incrementAndGet() + ":" + r.schema().size()));
    }

    /** The derived value with a caller's argument is computed from the first caller's and kept per owner. */
    @Test
    void derivedWithAnArgumentIsComputedOnceFromTheFirstArgument() {
        RowSchema schema = RowSchema.of(List.of("a"));
        FeatureRow row = FeatureRow.owning(schema, new Object[] {"1"});
        java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.BiFunction<FeatureRow, String, String> f = (r, id) -> id + ":" + computed.incrementAndGet();
        assertEquals("x:1", row.derived("m1", "x", f));
        assertEquals("x:1", row.derived("m1", "y", f));
        assertEquals("y:2", row.derived("m2", "y", f));
        assertEquals("x:1", row.derived("m1", "z", f));
        assertEquals(2, computed.get());
    }

    /** A selection is made once per row: every item load joins the same instance, and keeps what was derived. */
    @Test
    void theSameSelectionOfARowIsTheSameInstance() {
        FeatureRow base = row("1", "Heat", "crime", "1995");
        RowSchema sel = SCHEMA.select(List.of("category", "year"));
        FeatureRow a = base.select(sel);
        assertSame(a, base.select(sel));
        assertSame(a, a.select(sel));
        assertSame(base, a.select(SCHEMA));
        RowSchema titles = SCHEMA.select(List.of("title"));
        FeatureRow other = a.select(titles); // a selection's selection is the base row's
        assertSame(other, base.select(titles));
        assertEquals("Heat", other.get("title"));
        assertEquals(null, other.get("category"));
        assertEquals(List.of("category", "year"), a.schema().names());
    }

    /** A value that names its owner is kept as it is; other owners and plain values keep working beside it. */
    @Test
    void anOwnedValueIsKeptForItsOwnerBesideOtherOwners() {
        record Part(Object owner, int n) implements FeatureRow.Owned {
        }
        FeatureRow row = row("1", "Heat", "crime", "1995");
        Object m1 = new Object();
        Object m2 = new Object();
        AtomicInteger computed = new AtomicInteger();
        Part a = row.derived(m1, r -> new Part(m1, computed.incrementAndGet()));
        String b = row.derived(m2, r -> "plain " + computed.incrementAndGet());
        Part c = row.derived(m1, "x", (r, x) -> new Part(m1, computed.incrementAndGet()));
        assertSame(a, c);
        assertEquals("plain 2", row.derived(m2, r -> "plain " + computed.incrementAndGet()));
        assertSame(a, row.derived(m1, r -> new Part(m1, computed.incrementAndGet())));
        Object m3 = new Object(); // a value naming another owner than the one it is kept for goes in an entry
        Part other = row.derived(m3, r -> new Part(m1, computed.incrementAndGet()));
        assertSame(other, row.derived(m3, r -> new Part(m1, computed.incrementAndGet())));
        assertSame(a, row.derived(m1, r -> new Part(m1, computed.incrementAndGet())));
        assertEquals(3, computed.get());
        assertEquals("plain 2", b);
    }
}
