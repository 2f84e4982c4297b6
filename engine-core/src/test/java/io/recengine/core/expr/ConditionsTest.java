package io.recengine.core.expr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PAI-Rec's {@code module/filter_op_test.go}: every case of TestContainsFilterOp, TestNotContainsFilterOp,
 * TestFilterParamByFilterOp, TestNotInFilterOp, TestInFilterOp, TestEqualFilterOp, TestNotEqualFilterOp,
 * TestIsNullFilterOp, TestIsNotNullFilterOp, TestGreaterFilterOp, TestGreaterThanFilterOp,
 * TestLessFilterOp, TestLessThanFilterOp, TestBoolFilterOp and TestExpressionFilterOp, as data
 * ({@code filter_op_cases.json}: the conditions, the user and item properties, the expected answer).
 *
 * <p>TestExpressionFilterOp's expr-lang cases ({@code in}, {@code and}, {@code ? :}, {@code nil},
 * {@code haversine}, list literals) hold like the rest; an expression that does not parse is refused when the
 * config is read: {@link #anExpressionThatDoesNotParseIsRefused}.
 */
class ConditionsTest {

    record Case(String goTest, int caseIndex, List<Map<String, Object>> conditions, Map<String, Object> user,
                Map<String, Object> item, boolean expect) {
        @Override
        public String toString() {
            return goTest + " case " + caseIndex;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases() throws IOException {
        try (InputStream in = ConditionsTest.class.getResourceAsStream("filter_op_cases.json")) {
            List<Map<String, Object>> raw = new ObjectMapper().readValue(in, List.class);
            return raw.stream().map(m -> new Case((String) m.get("goTest"), (Integer) m.get("case"),
                    (List<Map<String, Object>>) m.get("conditions"), (Map<String, Object>) m.get("user"),
                    (Map<String, Object>) m.get("item"), (Boolean) m.get("expect"))).toList();
        }
    }

    static Stream<Case> supported() throws IOException {
        return cases().stream();
    }

    private static Conditions param(List<Map<String, Object>> conditions) {
        return Conditions.parse(ComponentConfig.of("FilterConfs[0]", Map.of("Name", "cond",
                "Conditions", conditions)), "filter 'cond'", "Conditions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void goCase(Case c) {
        assertThat(param(c.conditions()).test(c.user(), c.item())).isEqualTo(c.expect());
    }

    @Test
    void theFixtureHoldsEveryGoCase() throws IOException {
        // 122 cases in filter_op_test.go at alibaba/pairec aec1285
        assertThat(cases()).hasSize(122);
        assertThat(supported().count()).isEqualTo(122);
        assertThat(cases()).filteredOn(c -> c.goTest().equals("TestExpressionFilterOp")).hasSize(8);
    }

    /** An equal without Type (PAI-Rec: never holds) compares as the Value's kind: text, or a whole number. */
    @Test
    void anEqualWithoutTypeComparesAsItsValue() {
        Conditions text = param(List.of(Map.of("Name", "tag", "Operator", "equal", "Value", "tag1")));
        assertThat(text.test(Map.of(), Map.of("tag", "tag1"))).isTrue();
        assertThat(text.test(Map.of(), Map.of("tag", "tag2"))).isFalse();
        Conditions number = param(List.of(Map.of("Name", "n", "Operator", "not_equal", "Value", 3)));
        assertThat(number.test(Map.of(), Map.of("n", "3"))).isFalse();
        assertThat(number.test(Map.of(), Map.of("n", 4L))).isTrue();
    }

    @Test
    void anExpressionThatDoesNotParseIsRefused() {
        for (String bad : List.of("item.size in [42, 43", "item.size ==", "s2CellID(item.lat, item.lng) == 1")) {
            assertThatThrownBy(() -> param(List.of(Map.of("Operator", "expression", "Value", bad))))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("filter 'cond' Conditions[0], key Value: does not parse");
        }
    }

    @Test
    void unknownOperatorTypeAndDomainAreRefusedWithTheAlternatives() {
        List<ConfigException> problems = ConfigReaderProbe.problems(List.of(
                Map.of("Name", "a", "Operator", "equals", "Type", "string", "Value", "x"),
                Map.of("Name", "a", "Operator", "greater", "Type", "[]string", "Value", 1),
                Map.of("Name", "a", "Operator", "equal", "Type", "string", "Domain", "context", "Value", "x"),
                Map.of("Operator", "bool", "Type", "xor", "Configs", List.of(Map.of("Operator", "in", "Name", "b")))));
        assertThat(problems).extracting(ConfigException::getMessage).containsExactly(
                "filter 'cond' Conditions[0], key Operator: unknown operator 'equals'; known: " + Conditions.OPERATORS,
                "filter 'cond' Conditions[1], key Type: want one of [float, int, int64, time, string] for operator 'greater', got \"[]string\"",
                "filter 'cond' Conditions[2], key Domain: want \"item\" or \"user\", got \"context\"",
                "filter 'cond' Conditions[3], key Type: want \"or\" (the default) or \"and\" for operator 'bool', got \"xor\"",
                "filter 'cond' Conditions[3] Configs[0], key Type: want one of [string, int] for operator 'in', got \"\"");
    }

    /** Reads a condition list the way a factory's check does. */
    static final class ConfigReaderProbe {
        static List<ConfigException> problems(List<Map<String, Object>> conditions) {
            return io.recengine.spi.ConfigReader.check(ComponentConfig.of("FilterConfs[0]",
                    Map.of("Name", "cond", "Conditions", conditions)), "filter 'cond'",
                    r -> Conditions.read(r, "filter 'cond'", "Conditions"));
        }
    }
}
