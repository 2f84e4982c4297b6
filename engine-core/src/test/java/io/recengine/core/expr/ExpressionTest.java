package io.recengine.core.expr;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Evaluation without allocation is measured by the JMH {@code ExpressionBench} ({@code -prof gc}), not here. */
class ExpressionTest {

    private static double eval(String s) {
        return Expression.parse(s).evaluate(n -> 0);
    }

    private static double eval(String s, Map<String, Double> vars) {
        return Expression.parse(s).evaluate(n -> vars.getOrDefault(n, 0.0));
    }

    @Test
    void arithmeticWithPaiRecPrecedence() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7);
        assertThat(eval("(1 + 2) * 3")).isEqualTo(9);
        assertThat(eval("10 - 4 - 3")).isEqualTo(3);
        assertThat(eval("2 ^ 3 ^ 2")).isEqualTo(64); // left-associative, as PAI-Rec's parser
        assertThat(eval("2 * 3 ^ 2")).isEqualTo(18);
        assertThat(eval("7 % 3 + 1")).isEqualTo(2);
        assertThat(eval("7.9 % 3")).isEqualTo(1); // integer modulo on truncated operands
        assertThat(eval("1_000 + 1e3 + 2.5E-1")).isEqualTo(2000.25);
        assertThat(eval("-2 ^ 2")).isEqualTo(-4);
        assertThat(eval("-(1 + 2) * 2")).isEqualTo(-6);
        assertThat(eval("1 / 0")).isEqualTo(0);
        assertThat(eval("5 % 0")).isEqualTo(0);
    }

    @Test
    void coalesceBindsTightest() {
        assertThat(eval("${a} # 0.5 * 2", Map.of())).isEqualTo(1);
        assertThat(eval("${a} # 0.5 * 2", Map.of("a", 3.0))).isEqualTo(6);
        assertThat(eval("0 # 0")).isEqualTo(0);
    }

    @Test
    void comparisonsAndLogic() {
        assertThat(eval("1 < 2 && 3 >= 3")).isEqualTo(1);
        assertThat(eval("1 == 2 || !0")).isEqualTo(1);
        assertThat(eval("age > 18", Map.of("age", 20.0))).isEqualTo(1);
        assertThat(eval("user.age * 2", Map.of("user.age", 20.0))).isEqualTo(40);
    }

    @Test
    void variables() {
        Expression e = Expression.parse("${dbmtl_probs_ctr} * ${dbmtl_probs_cvr} + ${ w }");
        assertThat(e.variables()).containsExactly("dbmtl_probs_ctr", "dbmtl_probs_cvr", "w");
        assertThat(e.evaluate(n -> switch (n) {
            case "dbmtl_probs_ctr" -> 0.5;
            case "dbmtl_probs_cvr" -> 0.2;
            default -> 1;
        })).isCloseTo(1.1, within(1e-12));
    }

    @Test
    void syntaxErrorsNameThePosition() {
        assertThatThrownBy(() -> Expression.parse("")).hasMessageContaining("empty expression");
        assertThatThrownBy(() -> Expression.parse("${a} * ")).hasMessage(
                "expression ends where an operand is expected at position 7 in \"${a} * \"");
        assertThatThrownBy(() -> Expression.parse("(1 + 2")).hasMessageContaining("unclosed '('");
        assertThatThrownBy(() -> Expression.parse("${a")).hasMessageContaining("unclosed '${'");
        assertThatThrownBy(() -> Expression.parse("${}")).hasMessageContaining("empty variable name");
        assertThatThrownBy(() -> Expression.parse("1 2")).hasMessageContaining("unexpected '2' at position 2");
        assertThatThrownBy(() -> Expression.parse("1 @ 2")).hasMessageContaining("unknown symbol '@' at position 2");
        assertThatThrownBy(() -> Expression.parse("1 = 2")).hasMessageContaining("'=' must be '=='");
        assertThatThrownBy(() -> Expression.parse("1e+")).hasMessageContaining("malformed number");
        assertThatThrownBy(() -> Expression.parse("1..2")).hasMessageContaining("malformed number");
    }

    @Test
    void pairecFunctionsConditionalAndGovaluatePower() {
        assertThat(eval("max(1, 2) + min(3, 4)")).isEqualTo(5.0);
        assertThat(eval("log(1) + log10(100) + log2(8)")).isEqualTo(5.0);
        assertThat(eval("pow(2, 10)")).isEqualTo(1024.0);
        assertThat(eval("2 ** 3")).isEqualTo(8.0);
        assertThat(eval("round(2.5)")).isEqualTo(3.0);
        assertThat(eval("round(0.311 * 3, 2)")).isEqualTo(0.93);
        // PAI-Rec truncates here (0.28); rounding is what the name says
        assertThat(eval("round(0.29, 2)")).isEqualTo(0.29);
        assertThat(eval("toFloat64(x)", Map.of("x", 4.0))).isEqualTo(4.0);
        assertThat(eval("x > 1 ? 10 : 20", Map.of("x", 2.0))).isEqualTo(10.0);
        assertThat(eval("x > 1 ? 10 : x > 0 ? 20 : 30", Map.of("x", 0.5))).isEqualTo(20.0);
        assertThat(eval("haversine(116.4, 39.9, 121.47, 31.23)")).isCloseTo(1067.0, within(5.0));
        assertThat(eval("sphereDistance(116.4, 39.9, 121.47, 31.23)")).isCloseTo(eval("haversine(116.4, 39.9, 121.47, 31.23)"),
                within(0.01));
        assertThat(Expression.parse("max(a, b)").variables()).containsExactly("a", "b");
    }

    @Test
    void functionErrorsNameTheFunction() {
        assertThatThrownBy(() -> Expression.parse("nope(1)")).hasMessageContaining("unknown function 'nope'. Known: [log,");
        assertThatThrownBy(() -> Expression.parse("max(1)")).hasMessageContaining("max takes 2 argument(s), got 1");
        assertThatThrownBy(() -> Expression.parse("max(1, 2")).hasMessageContaining("unclosed '(' of max");
        assertThatThrownBy(() -> Expression.parse("1 ? 2")).hasMessageContaining("expected ':'");
    }
}
