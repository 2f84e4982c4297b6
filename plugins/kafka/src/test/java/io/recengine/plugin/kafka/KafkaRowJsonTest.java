package io.recengine.plugin.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.CallbackRow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The record value: one JSON object per row, columns in row order, {@code Long}s as numbers. */
class KafkaRowJsonTest {

    @Test
    void rowIsOneJsonObjectThatParsesBack() throws Exception {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("request_id", "r\t1\u0001\"q\"");
        columns.put("request_time", 1795900000L);
        columns.put("user_features", "{\"a\":\"\\u003c\"}");
        columns.put("item_id", null);
        byte[] json = KafkaCallbackSink.json(CallbackRow.of(columns));

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"request_id\":\"r\\t1\\u0001\\\"q\\\"\","
                + "\"request_time\":1795900000,\"user_features\":\"{\\\"a\\\":\\\"\\\\u003c\\\"}\",\"item_id\":null}");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.fieldNames()).toIterable().containsExactly("request_id", "request_time", "user_features", "item_id");
        assertThat(n.get("request_id").textValue()).isEqualTo("r\t1\u0001\"q\"");
        assertThat(n.get("request_time").isIntegralNumber()).isTrue();
        assertThat(n.get("user_features").textValue()).isEqualTo("{\"a\":\"\\u003c\"}");
    }
}
