package io.recengine.core.callback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.recengine.spi.TypedFeature;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A callback read back from the journal has the values, and the Java types, it was accepted with. */
class JournalCodecTest {

    private static CallbackRequest roundTrip(CallbackRequest req) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(JournalCodec.encode(req))) {
            p.nextToken();
            return JournalCodec.read(p);
        }
    }

    @Test
    void everyValueKeepsItsType() throws Exception {
        Map<Object, Object> typedKeys = new LinkedHashMap<>();
        typedKeys.put(7L, 0.25);
        typedKeys.put(8L, 1e300);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("s", "text \"quoted\" \u2028 <&>");
        features.put("l", 9_007_199_254_740_993L);
        features.put("d", 25.0);
        features.put("i", 25);
        features.put("f", 0.1f);
        features.put("big", new BigInteger("123456789012345678901234567890"));
        features.put("dec", new BigDecimal("1.50"));
        features.put("nan", Double.NaN);
        features.put("b", true);
        features.put("null", null);
        features.put("map<int64,double>", typedKeys);
        features.put("~tilde", "a key that looks like a tag");
        features.put("~i", "so does this one");
        features.put("list", List.of(1L, "x", List.of(2.5f)));
        features.put("set", new LinkedHashSet<>(List.of("a", "b")));
        features.put("other", new StringBuilder("printed as text"));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("item_id", "1");
        item.put("embedding", new float[]{0.1f, -2.5f});
        item.put("ids", new long[]{1, 2});
        CallbackRequest req = new CallbackRequest("s", "r", "u", features,
                List.of(new TypedFeature("map<int64,double>", "map<int64,double>", typedKeys)),
                new ArrayList<>(List.of(item)), Map.of("k", List.of()), true, false);

        CallbackRequest back = roundTrip(req);

        Map<String, Object> f = back.features();
        assertThat(f.keySet()).containsExactlyElementsOf(features.keySet());
        for (String k : List.of("s", "l", "d", "i", "f", "big", "dec", "b")) {
            assertThat(f.get(k)).as(k).isEqualTo(features.get(k)).isExactlyInstanceOf(features.get(k).getClass());
        }
        for (String k : List.of("map<int64,double>", "~tilde", "~i", "list", "set")) {
            assertThat(f.get(k)).as(k).isEqualTo(features.get(k));
        }
        assertThat(f.get("set")).isInstanceOf(java.util.Set.class);
        assertThat((Double) f.get("nan")).isNaN();
        assertThat(f).containsEntry("null", null);
        assertThat(f.get("other")).isEqualTo("printed as text");
        assertThat(((List<?>) f.get("list")).get(2)).isEqualTo(List.of(2.5f));
        assertThat(((Map<?, ?>) f.get("map<int64,double>")).keySet()).allMatch(k -> k instanceof Long);
        assertThat(back.complexTypeFeatures()).singleElement().satisfies(tf -> {
            assertThat(tf.name()).isEqualTo("map<int64,double>");
            assertThat(tf.type()).isEqualTo("map<int64,double>");
            assertThat(tf.value()).isEqualTo(typedKeys);
        });
        Map<String, Object> backItem = back.itemList().get(0);
        assertThat((float[]) backItem.get("embedding")).containsExactly(0.1f, -2.5f);
        assertThat((long[]) backItem.get("ids")).containsExactly(1L, 2L);
        assertThat(back.requestInfo()).isEqualTo(Map.of("k", List.of()));
        assertThat(back.debug()).isTrue();
        assertThat(back.auto()).isFalse();
        assertThat(List.of(back.sceneId(), back.requestId(), back.uid())).containsExactly("s", "r", "u");
    }
}
