package io.recengine.server.wire;

import io.recengine.core.request.FeedRequest;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The input limits and the bad inputs of issue 12 point 5, at the decoders: each a 400 message, no Java names. */
class InputLimitsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(String body) {
        return refusal(body, InputLimits.DEFAULTS);
    }

    private static String refusal(String body, InputLimits limits) {
        try {
            FeedRequestParser.parse(utf8(body), limits);
        } catch (RequestException e) {
            WireDecoderFuzzTest.assertCleanMessage(e.getMessage(), body.length() > 200 ? body.substring(0, 200) : body);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    private static String items(int n) {
        StringBuilder s = new StringBuilder("{\"uid\":\"u\",\"item_list\":[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("{\"item_id\":\"").append(i).append("\"}");
        }
        return s.append("]}").toString();
    }

    @Test
    void deepNestingInFeaturesIsRefusedWithTheLimit() {
        String body = "{\"uid\":\"u\",\"features\":{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}}";
        assertThat(refusal(body)).isEqualTo("request body nested deeper than 64 levels (EngineConf.MaxJsonDepth)");
        // within the limit: accepted
        String ok = "{\"uid\":\"u\",\"features\":{\"a\":" + "[".repeat(60) + "]".repeat(60) + "}}";
        assertThat(FeedRequestParser.parse(utf8(ok)).features()).containsKey("a");
    }

    @Test
    void numbersBeyondFloat64AreRefusedAsGoDoes() {
        assertThat(refusal("{\"uid\":\"u\",\"item_list\":[{\"item_id\":1e400}]}"))
                .isEqualTo("json: cannot unmarshal number 1e400 into Go value of type float64");
        assertThat(refusal("{\"uid\":\"u\",\"features\":{\"x\":-1e400}}"))
                .isEqualTo("json: cannot unmarshal number -1e400 into Go value of type float64");
        assertThat(refusal("{\"uid\":\"u\",\"features\":{\"x\":" + "9".repeat(1200) + "}}"))
                .isEqualTo("request body has a number longer than 1000 characters");
        // large but finite: an item id in plain digits
        FeedRequest r = FeedRequestParser.parse(utf8("{\"uid\":\"u\",\"item_list\":[{\"item_id\":1e20}]}"));
        assertThat(r.itemList().get(0)).containsEntry("item_id", "100000000000000000000");
    }

    @Test
    void trailingContentIsRefusedWithGosMessage() {
        assertThat(refusal("{\"uid\":\"u\"} {\"uid\":\"v\"}")).isEqualTo("invalid character '{' after top-level value");
        assertThat(refusal("{\"uid\":\"u\"}x")).isEqualTo("invalid character 'x' after top-level value");
        assertThat(refusal("{\"uid\":\"u\"}\n]")).isEqualTo("invalid character ']' after top-level value");
        assertThat(refusal("{\"uid\":\"u\"}\u0001")).isEqualTo("invalid character '\\x01' after top-level value");
        // whitespace after the value is fine
        assertThat(FeedRequestParser.parse(utf8("{\"uid\":\"u\"} \r\n\t ")).uid()).isEqualTo("u");
    }

    @Test
    void complexTypeIntegersOutOfRangeAreRefusedNotWrapped() {
        String f = "{\"uid\":\"u\",\"complex_type_features\":[{\"name\":\"n\",\"type\":\"%s\",\"values\":%s}]}";
        assertThat(refusal(f.formatted("int", "1e10")))
                .isEqualTo("complex_type_features[0] 'n': value 10000000000 out of range for int");
        assertThat(refusal(f.formatted("int", "2147483648")))
                .isEqualTo("complex_type_features[0] 'n': value 2147483648 out of range for int");
        assertThat(refusal(f.formatted("int", "1e400")))
                .isEqualTo("json: cannot unmarshal number 1e400 into Go value of type float64");
        assertThat(refusal(f.formatted("int64", "1e30")))
                .isEqualTo("complex_type_features[0] 'n': value 1000000000000000000000000000000 out of range for int64");
        assertThat(refusal(f.formatted("int64", "9223372036854775808")))
                .isEqualTo("complex_type_features[0] 'n': value 9223372036854775808 out of range for int64");
        assertThat(refusal(f.formatted("int", "\"1e10\""))).contains("out of range for int");
        assertThat(refusal(f.formatted("int64", "\"99999999999999999999\""))).contains("out of range for int64");
        assertThat(refusal(f.formatted("float", "1e39"))).contains("out of range for float");
        assertThat(refusal(f.formatted("double", "\"1e400\""))).contains("out of range for double");
        assertThat(refusal(f.formatted("list<int>", "[1,1e10]"))).contains("out of range for int");
        assertThat(refusal(f.formatted("map<int,int>", "{\"1e10\":1}"))).contains("out of range for int");
        assertThat(refusal(f.formatted("int", "\"NaN\""))).contains("cannot convert");
        // in range: converted; a fraction truncates toward zero as Go's conversion does
        FeedRequest r = FeedRequestParser.parse(utf8(f.formatted("int", "2147483647")));
        assertThat(r.features()).containsEntry("n", 2147483647);
        assertThat(FeedRequestParser.parse(utf8(f.formatted("int", "-2.9"))).features()).containsEntry("n", -2);
        assertThat(FeedRequestParser.parse(utf8(f.formatted("int64", "-9223372036854775808"))).features())
                .containsEntry("n", Long.MIN_VALUE);
        assertThat(FeedRequestParser.parse(utf8(f.formatted("int64", "\"1e3\""))).features()).containsEntry("n", 1000L);
        assertThat(FeedRequestParser.parse(utf8(f.formatted("float", "1e38"))).features()).containsEntry("n", 1e38f);
    }

    @Test
    void itemListIsBoundedWhileDecoding() {
        InputLimits small = new InputLimits(3, 64, 1024, 100_000);
        assertThat(FeedRequestParser.parse(utf8(items(3)), small).itemList()).hasSize(3);
        assertThat(refusal(items(4), small)).isEqualTo("item_list has more than 3 entries (EngineConf.MaxItemListLength)");
        // the key matches case-insensitively, as Go's decoder does; nested item_list keys are no item list
        assertThat(refusal(items(4).replace("item_list", "Item_List"), small)).contains("more than 3 entries");
        String nested = "{\"uid\":\"u\",\"features\":{\"item_list\":[1,2,3,4,5]}}";
        assertThat(FeedRequestParser.parse(utf8(nested), small).features()).containsKey("item_list");
        // the default: 10,000
        assertThat(FeedRequestParser.parse(utf8(items(10_000))).itemList()).hasSize(10_000);
        assertThat(refusal(items(10_001))).isEqualTo("item_list has more than 10000 entries (EngineConf.MaxItemListLength)");
    }

    @Test
    void longStringsAreRefusedWithTheLimit() {
        InputLimits small = new InputLimits(10, 64, 1000, 100_000);
        assertThat(refusal("{\"uid\":\"" + "x".repeat(5000) + "\"}", small))
                .isEqualTo("request body has a string longer than 1000 characters (EngineConf.MaxStringLength)");
        assertThat(refusal("{\"uid\":\"u\",\"features\":{\"" + "k".repeat(5000) + "\":1}}", small))
                .contains("string longer than 1000");
        assertThat(FeedRequestParser.parse(utf8("{\"uid\":\"" + "x".repeat(900) + "\"}"), small).uid()).hasSize(900);
    }

    @Test
    void syntaxErrorsNameNoJacksonTypes() {
        for (String bad : new String[] {"{\"uid\":\"u\"]", "{\"uid\" \"u\"}", "{'uid':1}", "[1,]", "{\"a\":tru}",
                "{\"uid\":\"u\",}", "{\"a\":\"\u0001\"}", "\u00ff", "{\"a\":01}", "{\"a\":NaN}"}) {
            String msg = refusal(bad);
            assertThat(msg).as(bad).startsWith("invalid JSON at line 1, column ");
        }
        assertThat(refusal("{\"uid\":\"u\"")).isEqualTo("unexpected end of JSON input");
        assertThat(refusal("")).isEqualTo("request body empty");
        assertThat(refusal("   ")).isEqualTo("request body empty");
        assertThat(refusal("[1]")).isEqualTo("json: cannot unmarshal array into Go value of type RecommendParam");
    }

    @Test
    void requestIdIsFoundByStreamingEvenWhenTheBodyIsRefused() {
        assertThat(FeedRequestParser.requestIdOf(utf8("{\"Request_ID\":\"r-7\",\"item_list\":" + "[".repeat(2000))))
                .isEqualTo("r-7");
        assertThat(FeedRequestParser.requestIdOf(utf8("{\"x\":{\"request_id\":\"inner\"},\"request_id\":\"outer\"}")))
                .isEqualTo("outer");
        assertThat(FeedRequestParser.requestIdOf(utf8("[\"request_id\"]"))).isEmpty();
        assertThat(FeedRequestParser.requestIdOf(new byte[0])).isEmpty();
    }

    @Test
    void limitsAreReadFromEngineConfAndChecked() {
        InputLimits l = InputLimits.of(ComponentConfig.of("EngineConf",
                Map.of("MaxItemListLength", 5, "MaxJsonDepth", 8, "MaxStringLength", 100)));
        assertThat(l.maxItemListLength()).isEqualTo(5);
        assertThat(l.maxJsonDepth()).isEqualTo(8);
        assertThat(l.maxStringLength()).isEqualTo(100);
        InputLimits d = InputLimits.of(ComponentConfig.empty("EngineConf"));
        assertThat(d.maxItemListLength()).isEqualTo(InputLimits.DEFAULT_MAX_ITEM_LIST_LENGTH);
        assertThat(d.maxJsonDepth()).isEqualTo(InputLimits.DEFAULT_MAX_JSON_DEPTH);
        assertThat(d.maxStringLength()).isEqualTo(InputLimits.DEFAULT_MAX_STRING_LENGTH);
        assertThatThrownBy(() -> InputLimits.of(ComponentConfig.of("EngineConf", Map.of("MaxJsonDepth", 0))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MaxJsonDepth").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> InputLimits.of(ComponentConfig.of("EngineConf", Map.of("MaxItemListLength", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MaxItemListLength");
    }
}
