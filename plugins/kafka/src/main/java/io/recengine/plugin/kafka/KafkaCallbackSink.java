package io.recengine.plugin.kafka;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes callback rows to Kafka, one JSON object per row (columns in row order, {@code request_time} a
 * number), no key, as PAI-Rec's kafka-go writer: snappy, {@code acks=1}. Sends are asynchronous and
 * batched by the producer; {@link #write} returns once every record of the call is acknowledged, and
 * throws when any is not (the engine then spills and replays the batch: at-least-once).
 *
 * <p>Config: {@code KafkaConfs[DataSource.Name]} = {@code {BootstrapServers, Topic}} (PAI-Rec's keys),
 * plus optional {@code Acks}, {@code TimeoutMs} and {@code ProducerProperties}: see {@link KafkaSettings}.
 * Thread-safe.
 */
public final class KafkaCallbackSink implements CallbackSink {

    /** Shared, thread-safe: generators are cheap, the factory's buffers are recycled. */
    private static final JsonFactory JSON = new JsonFactory();

    private final String component;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long timeoutMs;

    KafkaCallbackSink(String component, Producer<byte[], byte[]> producer, String topic, long timeoutMs) {
        this.component = component;
        this.producer = producer;
        this.topic = topic;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void write(List<CallbackRow> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        try {
            for (CallbackRow row : rows) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, json(row))));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            for (Future<RecordMetadata> f : acks) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY,
                    "send to topic " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ComponentException(component, ComponentException.Kind.TIMEOUT,
                    "send to topic " + topic + " not acknowledged within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, "interrupted", e);
        } catch (RuntimeException e) {
            // KafkaException from send(): metadata not available within max.block.ms, closed producer, ...
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY,
                    "send to topic " + topic + " failed: " + e, e);
        }
    }

    /** The row as one JSON object: {@code Long}s as numbers, everything else as strings. */
    static byte[] json(CallbackRow row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : row.columns().entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    g.writeNullField(e.getKey());
                } else if (v instanceof Long || v instanceof Integer) {
                    g.writeNumberField(e.getKey(), ((Number) v).longValue());
                } else {
                    g.writeStringField(e.getKey(), v.toString());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            // an in-memory target does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "KafkaCallbackSink{" + component + ", topic=" + topic + "}";
    }

    /** The producer refused to start because no bootstrap host name resolved (Kafka's own ConfigException). */
    private static boolean noBootstrapServerResolves(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.config.ConfigException
                    && String.valueOf(t.getMessage()).startsWith("No resolvable bootstrap urls")) {
                return true;
            }
        }
        return false;
    }

    /** {@code DataSource.Type: "kafka"}: the config handed over is the {@code DataSource} object. */
    public static final class Factory implements CallbackSinkFactory {

        @Override
        public String type() {
            return "kafka";
        }

        @Override
        public CallbackSink create(ComponentConfig config, PluginContext context) {
            String name = config.require("Name");
            ComponentConfig c = context.datasourceConfig("KafkaConfs", name).orElseThrow(() ->
                    new ConfigException(config.component(), "Name", "no KafkaConfs entry '" + name + "'"));
            // the same reading as the KafkaConfs check that validate runs
            KafkaSettings s = KafkaSettings.of(c);
            Properties p = s.producerProperties(name);
            String topic = s.topic();
            long timeoutMs = s.timeoutMs();
            try {
                return new KafkaCallbackSink("kafka sink '" + name + "'", new KafkaProducer<>(p), topic, timeoutMs);
            } catch (RuntimeException e) {
                if (noBootstrapServerResolves(e)) {
                    // DNS, not the config: the engine starts with this sink down and creates it again later
                    throw new ComponentException("kafka sink '" + name + "'", ComponentException.Kind.DEPENDENCY,
                            "no bootstrap server resolves (" + s.bootstrapServers() + ")", e);
                }
                throw new ConfigException(c.path(), "BootstrapServers", "cannot create the producer: " + e.getMessage(), e);
            }
        }
    }
}
