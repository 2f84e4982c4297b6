package io.recengine.core.expr;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The typed side of the expression language (expr-lang's conditions as PAI-Rec writes them): strings,
 * booleans, nil, lists, {@code in}, word operators, and the string, hash and geo functions PAI-Rec registers
 * ({@code utils/govaluate_functions.go}; hashes checked against the algorithms' published values).
 */
class ExpressionValuesTest {

    private static Object value(String source, Map<String, Object> vars) {
        return Expression.parse(source).value(vars::get);
    }

    private static boolean test(String source, Map<String, Object> vars) {
        return Expression.parse(source).test(vars::get);
    }

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void stringsCompareByTextAndNumbersByValueAcrossTypes() {
        Map<String, Object> v = vars("item.category", "sports", "item.size", 42L, "item.text_size", "42", "user.vip", true);
        assertThat(test("item.category == 'sports'", v)).isTrue();
        assertThat(test("item.category != \"news\"", v)).isTrue();
        assertThat(test("item.size == 42 and item.text_size == 42", v)).as("a number read as text").isTrue();
        assertThat(test("item.category < 'tennis'", v)).isTrue();
        assertThat(test("user.vip", v)).isTrue();
        assertThat(test("user.vip == true && not (item.size > 50)", v)).isTrue();
        assertThat(test("item.category + '_' + item.size == 'sports_42'", v)).isTrue();
        assertThat(test("item.category startsWith 'sp' and item.category endsWith 'ts' and item.category contains 'port'", v)).isTrue();
    }

    @Test
    void nilIsWhatAMissingVariableIs() {
        Map<String, Object> v = vars("item.size", 1);
        assertThat(test("item.missing == nil", v)).isTrue();
        assertThat(test("item.size != nil", v)).isTrue();
        assertThat(test("item.missing > 0", v)).as("nil is not ordered").isFalse();
        assertThat(test("!item.missing", v)).isTrue();
        assertThat(test("item.missing or item.size == 1", v)).isTrue();
    }

    @Test
    void membershipInListsArraysAndMaps() {
        Map<String, Object> v = vars("item.tag", "b", "user.tags", List.of("a", "b"), "user.ids", new long[] {1, 2},
                "user.weights", Map.of("b", 1.0), "item.id", 2.0);
        assertThat(test("item.tag in user.tags", v)).isTrue();
        assertThat(test("item.tag not in user.tags", v)).isFalse();
        assertThat(test("item.id in user.ids", v)).isTrue();
        assertThat(test("item.tag in user.weights", v)).isTrue();
        assertThat(test("item.tag in ['x', 'b']", v)).isTrue();
        assertThat(test("item.id in [1, 3]", v)).isFalse();
        assertThat(test("item.tag in user.missing", v)).isFalse();
        assertThat(value("[item.id, 'a']", v)).isEqualTo(List.of(2.0, "a"));
    }

    @Test
    void theConditionalAndWordOperatorsBindAsInExprLang() {
        Map<String, Object> v = vars("item.size", 42, "item.sold_out", false);
        assertThat(test("!item.sold_out and user.list != nil ? item.size in user.list : true", v)).isTrue();
        assertThat(test("not item.sold_out and item.size in [42] or false", v)).isTrue();
        assertThat(value("item.size > 40 ? 'big' : 'small'", v)).isEqualTo("big");
    }

    @Test
    void stringFunctions() {
        Map<String, Object> v = vars("a", "", "b", "xxhixx", "c", "pre_name");
        assertThat(value("getString(a, 'fallback')", v)).isEqualTo("fallback");
        assertThat(value("getString(b)", v)).isEqualTo("xxhixx");
        assertThat(value("trim(b, 'x')", v)).isEqualTo("hi");
        assertThat(value("trimPrefix(c, 'pre_')", v)).isEqualTo("name");
        assertThat(value("replace(c, '_', '-')", v)).isEqualTo("pre-name");
        assertThat(value("len(c)", v)).isEqualTo(8.0);
        assertThat(value("upper(lower('AbC'))", v)).isEqualTo("ABC");
        assertThat(value("maxIndex([1, 5, 3])", v)).isEqualTo(1.0);
        assertThat(value("maxValue([1, 5, 3])", v)).isEqualTo(5.0);
        assertThat(value("abs(-2) + floor(1.5) + ceil(1.2)", v)).isEqualTo(5.0);
    }

    /** XXH64 and MurmurHash3 x86_32 with seed 0, against the algorithms' published test values. */
    @Test
    void hashesAreXxh64AndMurmur3() {
        assertThat(value("hash('')", Map.of()).toString()).isEqualTo(Long.toUnsignedString(0xEF46DB3751D8E999L));
        assertThat(value("hash('abc')", Map.of()).toString()).isEqualTo(Long.toUnsignedString(0x44BC2CF5AD770999L));
        assertThat(Hashes.xxh64("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
        assertThat(value("hash32('hello')", Map.of())).isEqualTo(613153351.0);
        assertThat(Hashes.murmur3("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2e4ff723L);
        assertThat(Hashes.murmur3("")).isZero();
        // a bucket of the unsigned 64-bit value, as PAI-Rec's hash(uid) % 100
        long h = Hashes.xxh64("u1");
        assertThat(value("hash(uid) % 100", vars("uid", "u1"))).isEqualTo((double) Long.remainderUnsigned(h, 100));
    }

    @Test
    void geoFunctions() {
        assertThat(value("geoHash(57.64911, 10.40744, 11)", Map.of())).isEqualTo("u4pruydqqvj");
        assertThat(value("geoHash(42.6, -5.6, 5)", Map.of())).isEqualTo("ezs42");
        assertThat(value("geoHash(42.6, -5.6)", Map.of())).asString().hasSize(6).startsWith("ezs42");
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) value("geoHashWithNeighbors(42.6, -5.6, 5)", Map.of());
        // north, north-east, east, south-east, south, south-west, west, north-west, then the cell
        assertThat(cells).containsExactly("ezs48", "ezs49", "ezs43", "ezs41", "ezs40", "ezefp", "ezefr", "ezefx", "ezs42");
        assertThat(test("haversine(user.lng, user.lat, item.lng, item.lat) > 1000",
                vars("user.lat", 39.9042, "user.lng", 116.4074, "item.lat", 31.2304, "item.lng", 121.4737))).isTrue();
    }

    @Test
    void numericExpressionsStayOnTheAllocationFreePathAndTypedOnesAreMarked() {
        assertThat(Expression.parse("log(x + 1) * 2 > 1 && true").numeric()).isTrue();
        assertThat(Expression.parse("x in [1, 2]").numeric()).isFalse();
        assertThat(Expression.parse("x == nil").numeric()).isFalse();
        assertThat(Expression.parse("hash(x) % 10").numeric()).isFalse();
        assertThat(Expression.parse("x in [1, 2]").evaluate(n -> 2)).isEqualTo(1.0);
    }

    @Test
    void badSyntaxIsRefusedWithThePosition() {
        assertThatThrownBy(() -> Expression.parse("a in [1, 2")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> Expression.parse("a == 'x")).hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> Expression.parse("s2CellID(lat, lng)")).hasMessageContaining("s2CellID is not supported yet");
        assertThatThrownBy(() -> Expression.parse("nope(1)")).hasMessageContaining("unknown function 'nope'");
    }
}
