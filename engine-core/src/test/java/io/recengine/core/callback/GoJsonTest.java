package io.recengine.core.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.TypedFeature;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes Go's {@code json.Marshal} prints for the values PAI-Rec's callback logs. */
class GoJsonTest {

    @Test
    void mapKeysAreSortedAsTextEvenWhenNumeric() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", 2L);
        m.put("C", null);
        assertThat(GoJson.write(m)).isEqualTo("{\"C\":null,\"a\":2,\"b\":1}");
        Map<Integer, Object> ints = new LinkedHashMap<>();
        ints.put(2, "x");
        ints.put(10, "y");
        assertThat(GoJson.write(ints)).isEqualTo("{\"10\":\"y\",\"2\":\"x\"}");
        assertThat(GoJson.write(Map.of("n", Map.of("z", List.of(1, 2.5), "y", true))))
                .isEqualTo("{\"n\":{\"y\":true,\"z\":[1,2.5]}}");
    }

    @Test
    void floatsPrintAsGoFloat64() {
        assertThat(GoJson.write(25.0)).isEqualTo("25");
        assertThat(GoJson.write(0.95)).isEqualTo("0.95");
        assertThat(GoJson.write(-0.0)).isEqualTo("-0");
        assertThat(GoJson.write(0.0)).isEqualTo("0");
        assertThat(GoJson.write(84603208.0)).isEqualTo("84603208");
        assertThat(GoJson.write(1e20)).isEqualTo("100000000000000000000");
        assertThat(GoJson.write(1e21)).isEqualTo("1e+21");
        assertThat(GoJson.write(1.5e300)).isEqualTo("1.5e+300");
        assertThat(GoJson.write(0.000001)).isEqualTo("0.000001");
        assertThat(GoJson.write(1e-7)).isEqualTo("1e-07");
        assertThat(GoJson.write(-1.25e-10)).isEqualTo("-1.25e-10");
        assertThat(GoJson.write(0.1f)).isEqualTo("0.1");
        assertThat(GoJson.write(new BigDecimal("1.500"))).isEqualTo("1.5");
        assertThat(GoJson.write(new BigInteger("12345678901234567890"))).isEqualTo("12345678901234567890");
        assertThat(GoJson.write(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[\"NaN\",\"Infinity\"]");
    }

    @Test
    void stringsAreEscapedHtmlSafeWithLowercaseHexAsGoDoes() {
        assertThat(GoJson.write("<a&b>")).isEqualTo("\"\\u003ca\\u0026b\\u003e\"");
        assertThat(GoJson.write("q\"b\\")).isEqualTo("\"q\\\"b\\\\\"");
        assertThat(GoJson.write("t\tn\nr\r")).isEqualTo("\"t\\tn\\nr\\r\"");
        assertThat(GoJson.write("\u0001\b\f\u001f")).isEqualTo("\"\\u0001\\u0008\\u000c\\u001f\"");
        assertThat(GoJson.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(GoJson.write("北京 é \uD83D\uDE00 /\u007f")).isEqualTo("\"北京 é \uD83D\uDE00 /\u007f\"");
        assertThat(GoJson.write(Map.of("<k>", "v"))).isEqualTo("{\"\\u003ck\\u003e\":\"v\"}");
    }

    @Test
    void typedFeaturesPrintTheirValueAndOtherObjectsTheirText() throws Exception {
        assertThat(GoJson.write(new TypedFeature("tags", "list<int>", List.of(1, 2)))).isEqualTo("[1,2]");
        Object other = new Object() {
            @Override
            public String toString() {
                return "x<y";
            }
        };
        assertThat(GoJson.write(Arrays.asList(other, null, false))).isEqualTo("[\"x\\u003cy\",null,false]");
        // whatever the escaping, the text is JSON that reads back to the same value
        Map<String, Object> m = Map.of("s", "a\u0000b\u2028<&>\"\\", "d", 1e-9);
        assertThat(new ObjectMapper().readValue(GoJson.write(m), Map.class)).isEqualTo(m);
    }
}
