package io.recengine.spi;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {

    private static ConfigReader reader(Map<String, ?> values) {
        return new ConfigReader(ComponentConfig.of("KafkaConfs.k", values), "KafkaConfs.k");
    }

    private static List<String> messages(ConfigReader r) {
        return r.problems().stream().map(Throwable::getMessage).toList();
    }

    @Test
    void goodValuesAndDefaults() {
        ConfigReader r = reader(Map.of("timeoutms", 5L, "Ratio", 0.5, "On", true, "Name", "n", "Whole", 3.0));
        assertEquals(5, r.integer("TimeoutMs", 1, 1));
        assertEquals(7, r.integer("Absent", 7, 1));
        assertEquals(0.5, r.decimal("Ratio", 1, 0, 1));
        assertEquals(true, r.bool("On", false));
        assertEquals("n", r.require("Name"));
        assertEquals(3L, r.longValue("Whole", 0, 0));
        assertEquals(List.of(), r.problems());
        r.requireValid();
    }

    @Test
    void everyProblemNamesTheKeyWhatIsWantedAndWhatWasWritten() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("MaxOpenConns", "x");
        v.put("TimeoutMs", -1L);
        v.put("Big", new BigInteger("99999999999999999999"));
        v.put("Frac", 1.5);
        v.put("Ratio", Double.NaN);
        v.put("Flag", "yes");
        v.put("Password", 1234L);
        v.put("Topic", "");
        ConfigReader r = reader(v);
        assertEquals(10, r.integer("MaxOpenConns", 10, 1, 100));
        assertEquals(1000, r.longValue("TimeoutMs", 1000, 1));
        r.integer("Big", 0, 0);
        r.integer("Frac", 0, 0);
        r.decimal("Ratio", 0, 0, 1);
        r.bool("Flag", false);
        r.string("Password", "");
        r.require("Topic");
        r.require("Absent");
        assertEquals(List.of(
                "KafkaConfs.k, key MaxOpenConns: want an integer from 1 to 100, got string \"x\"",
                "KafkaConfs.k, key TimeoutMs: want an integer >= 1, got number -1",
                "KafkaConfs.k, key Big: want an integer >= 0, got number 99999999999999999999",
                "KafkaConfs.k, key Frac: want an integer >= 0, got number 1.5",
                "KafkaConfs.k, key Ratio: want a number from 0 to 1, got number NaN",
                "KafkaConfs.k, key Flag: want true or false, got string \"yes\"",
                "KafkaConfs.k, key Password: want a string, got a number",
                "KafkaConfs.k, key Topic: is required",
                "KafkaConfs.k, key Absent: is required"), messages(r));
        ConfigException first = assertThrows(ConfigException.class, r::requireValid);
        assertEquals("MaxOpenConns", first.key());
    }

    @Test
    void scalarsTakeStringsNumbersAndBooleansAndNothingElse() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("linger.ms", 5L);
        props.put("batch.size", 16384.0);
        props.put("enable.idempotence", true);
        props.put("compression.type", "lz4");
        props.put("acks", Map.of("x", 1));
        props.put("bootstrap.servers", List.of("a"));
        ConfigReader r = reader(Map.of("ProducerProperties", props));
        Map<String, String> out = r.scalars("ProducerProperties");
        assertEquals(Map.of("linger.ms", "5", "batch.size", "16384", "enable.idempotence", "true",
                "compression.type", "lz4"), out);
        assertEquals(List.of(
                "KafkaConfs.k, key ProducerProperties.acks: want a string, a number or a boolean, got an object",
                "KafkaConfs.k, key ProducerProperties.bootstrap.servers: want a string, a number or a boolean, got a list"),
                messages(r));
        ConfigReader notAnObject = reader(Map.of("ProducerProperties", "acks=1"));
        assertTrue(notAnObject.scalars("ProducerProperties").isEmpty());
        assertEquals(1, notAnObject.problems().size());
    }
}
