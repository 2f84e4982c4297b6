package io.recengine.plugin.kafka;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Datasource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One {@code KafkaConfs} entry read with types and ranges: {@code BootstrapServers} and {@code Topic}
 * (PAI-Rec's keys), {@code Acks} ({@code 0}, {@code 1}, {@code -1} or {@code all}; default {@code 1}),
 * {@code TimeoutMs} (how long a write waits for its acknowledgements, default 10000) and
 * {@code ProducerProperties} (producer settings; strings, numbers or booleans, checked against the
 * producer's own definitions). The one reading that {@code validate} (the {@code KafkaConfs} datasource
 * factory's check) and start-up (the sink factory) share. It is also the datasource built for the entry:
 * plain settings, no connection. Immutable.
 */
record KafkaSettings(String bootstrapServers, String topic, String acks, long timeoutMs,
                     Map<String, String> producerProperties) implements Datasource {

    static final String MAP = "KafkaConfs";
    private static final List<String> ACKS = List.of("0", "1", "-1", "all");

    static KafkaSettings read(ConfigReader r) {
        String servers = r.require("BootstrapServers");
        String topic = r.require("Topic");
        String acks = acks(r);
        long timeoutMs = r.longValue("TimeoutMs", 10_000, 1, 3_600_000);
        Map<String, String> extra = r.scalars("ProducerProperties");
        KafkaSettings s = new KafkaSettings(servers, topic, acks, timeoutMs, extra);
        if (r.problems().isEmpty()) {
            // the producer's own type and range checks, without creating a producer (no connection, no log)
            try {
                ProducerConfig.configDef().parse(s.producerProperties("check"));
            } catch (org.apache.kafka.common.config.ConfigException e) {
                r.problem("ProducerProperties", e.getMessage());
            }
        }
        return s;
    }

    /** {@code Acks} as a string or an integer: {@code "all"}, {@code 1}, {@code "-1"}, ... */
    private static String acks(ConfigReader r) {
        Object v = r.config().raw("Acks");
        if (v instanceof Long || v instanceof Integer) {
            v = v.toString();
        } else if (v != null && !(v instanceof String)) {
            r.problem("Acks", "want one of 0, 1, -1 or all, got " + (v instanceof Number ? "number " + v
                    : v instanceof Boolean ? "boolean " + v : v instanceof List ? "a list" : "an object"));
            return "1";
        }
        String acks = v == null || ((String) v).isEmpty() ? "1" : (String) v;
        if (!ACKS.contains(acks)) {
            r.problem("Acks", "want one of 0, 1, -1 or all, got \"" + acks + "\"");
            return "1";
        }
        return acks;
    }

    /** The settings of a {@code KafkaConfs} entry; throws the first problem the KafkaConfs check reports. */
    static KafkaSettings of(ComponentConfig entry) {
        // entries have no Name key: messages name them by their place, KafkaConfs.<name>
        return ConfigReader.read(entry, entry.path(), KafkaSettings::read);
    }

    /** The producer's settings: PAI-Rec's writer (snappy, acks), then {@code ProducerProperties} over them. */
    Properties producerProperties(String clientName) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.replace(" ", ""));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        p.put(ProducerConfig.ACKS_CONFIG, acks);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
        p.put(ProducerConfig.RETRIES_CONFIG, "3");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "recengine-callback-" + clientName);
        p.putAll(producerProperties);
        if (!producerProperties.containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)) {
            // idempotence needs acks=all: follow the acks in force, ProducerProperties included
            String finalAcks = p.getProperty(ProducerConfig.ACKS_CONFIG);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(finalAcks) || "-1".equals(finalAcks) ? "true" : "false");
        }
        return p;
    }
}
