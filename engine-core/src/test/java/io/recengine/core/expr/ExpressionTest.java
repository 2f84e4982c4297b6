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
}
