package io.recengine.plugin.kafka;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.replication.UpdateLog;
import io.recengine.spi.replication.UpdateLogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The match engine's update log on a Kafka topic ({@code MatchEngineConf.Replication}): appends through an
 * idempotent producer with {@code acks=all} (a write is acknowledged once every in-sync replica has it, and a
 * producer retry never duplicates or reorders it); every replica reads the whole topic with its own consumer
 * (no consumer group: partitions assigned by hand, offsets kept by the engine's snapshots, nothing committed to
 * Kafka). The key (table and row) picks the partition, so one row's updates stay in order.
 *
 * <p>One daemon thread polls and hands each batch to the engine; it takes the end offsets from the fetch answers
 * while messages flow and asks the broker for them once a second while the topic is idle.
 * While Kafka is unreachable, appends fail within the producer's delivery timeout and the thread keeps trying.
 * Thread-safe.
 */
final class KafkaUpdateLog implements UpdateLog {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaUpdateLog.class);
    private static final long END_OFFSETS_EVERY_MS = 1_000;

    private final String name;
    private final String topic;
    private final Properties producerProperties;
    private final Properties consumerProperties;
    private final Object producerLock = new Object();
    private Producer<byte[], byte[]> producer;
    private volatile Map<Integer, Long> endOffsets = Map.of();
    private volatile boolean reachable = true;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread poller;

    KafkaUpdateLog(String name, String topic, Properties producerProperties, Properties consumerProperties) {
        this.name = name;
        this.topic = topic;
        this.producerProperties = producerProperties;
        this.consumerProperties = consumerProperties;
        this.producer = new KafkaProducer<>(producerProperties);
    }

    @Override
    public CompletableFuture<Position> append(String key, byte[] value) {
        CompletableFuture<Position> acked = new CompletableFuture<>();
        Producer<byte[], byte[]> p;
        synchronized (producerLock) {
            p = producer;
        }
        try {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
                if (e != null) {
                    replaceAfterFatal(p, e);
                    acked.completeExceptionally(e);
                } else {
                    acked.complete(new Position(md.partition(), md.offset()));
                }
            });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, a closed producer, ...
            replaceAfterFatal(p, e);
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * A producer that failed with anything but a retriable error (a timeout, a broker away) may be stuck in
     * an error state for good: the next append gets a fresh one, so that writes resume once Kafka is back.
     */
    private void replaceAfterFatal(Producer<byte[], byte[]> failed, Exception e) {
        if (e instanceof RetriableException || !running) {
            return;
        }
        synchronized (producerLock) {
            if (producer != failed) {
                return;
            }
            LOG.warn("{}: producer failed ({}); creating a new one", describe(), e.toString());
            try {
                producer = new KafkaProducer<>(producerProperties);
            } catch (RuntimeException again) {
                LOG.warn("{}: no new producer: {}", describe(), again.toString());
                return;
            }
        }
        // not on the producer's own I/O thread (this may run in its callback): close without waiting
        failed.close(Duration.ZERO);
    }

    @Override
    public synchronized void subscribe(Map<Integer, Long> from, Listener listener) {
        if (poller != null) {
            throw new IllegalStateException("already subscribed");
        }
        ClassLoader loader = getClass().getClassLoader();
        poller = new Thread(() -> poll(Map.copyOf(from), listener), "recengine-match-log");
        poller.setDaemon(true);
        poller.setContextClassLoader(loader);
        poller.start();
    }

    private void poll(Map<Integer, Long> from, Listener listener) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties);
        consumer = c;
        List<TopicPartition> partitions = null;
        long lastEnd = 0;
        try {
            while (running) {
                try {
                    if (partitions == null) {
                        partitions = assign(c, from);
                        if (partitions == null) {
                            listener.onMessages(List.of(), Map.of());
                            continue;
                        }
                    }
                    List<Message> batch = new ArrayList<>();
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        batch.add(new Message(r.partition(), r.offset(),
                                r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), r.value(), r.timestamp()));
                    }
                    Map<Integer, Long> positions = new HashMap<>();
                    try {
                        for (TopicPartition tp : partitions) {
                            positions.put(tp.partition(), c.position(tp, Duration.ofMillis(500)));
                        }
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        positions.clear(); // the batch's own offsets still count
                    }
                    long now = System.currentTimeMillis();
                    if (!batch.isEmpty()) {
                        // the log answered; the end offsets come with every fetch answer (its high watermarks):
                        // no ListOffsets round trip here, which would hold up the batch that writers wait for
                        reachable = true;
                        fetchedEndOffsets(c, partitions, positions);
                    } else if (now - lastEnd >= END_OFFSETS_EVERY_MS) {
                        // idle: ask the broker, which also tells whether it still answers
                        lastEnd = now;
                        refreshEndOffsets(c, partitions);
                    }
                    listener.onMessages(batch, positions);
                } catch (WakeupException e) {
                    // close() woke us
                } catch (RuntimeException e) {
                    reachable = false;
                    if (running) {
                        LOG.warn("{}: poll failed ({}); retrying", describe(), e.toString());
                        sleep(500);
                    }
                }
            }
        } finally {
            c.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns every partition of the topic and seeks to {@code from}; null while the topic is not known. */
    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> c, Map<Integer, Long> from) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(2));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            infos = null;
        }
        if (infos == null || infos.isEmpty()) {
            reachable = false;
            LOG.warn("{}: topic not available yet; retrying", describe());
            sleep(500);
            return null;
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        c.assign(parts);
        for (TopicPartition tp : parts) {
            Long next = from.get(tp.partition());
            if (next == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, next);
            }
        }
        refreshEndOffsets(c, parts);
        LOG.info("{}: reading {} partition(s)", describe(), parts.size());
        return parts;
    }

    /**
     * The end offsets as of the last fetch answer (position + the lag the consumer derived from the answer's high
     * watermark); left as they are while a partition's lag is not known yet.
     */
    private void fetchedEndOffsets(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions,
                                   Map<Integer, Long> positions) {
        Map<Integer, Long> m = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long position = positions.get(tp.partition());
            OptionalLong lag = c.currentLag(tp);
            if (position == null || lag.isEmpty()) {
                return;
            }
            m.put(tp.partition(), position + lag.getAsLong());
        }
        if (!m.equals(endOffsets)) {
            endOffsets = Map.copyOf(m);
        }
    }

    private void refreshEndOffsets(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        try {
            Map<Integer, Long> m = new HashMap<>();
            c.endOffsets(partitions, Duration.ofSeconds(2)).forEach((tp, off) -> m.put(tp.partition(), off));
            endOffsets = Map.copyOf(m);
            reachable = true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            reachable = false;
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        return endOffsets;
    }

    @Override
    public boolean available() {
        return reachable;
    }

    @Override
    public String describe() {
        return "kafka topic " + topic + " (KafkaConfs." + name + ")";
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = poller;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (producerLock) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "KafkaUpdateLog{" + describe() + "}";
    }

    /**
     * {@code MatchEngineConf.Replication} = {@code {KafkaName, Topic}}: the {@code KafkaConfs} entry (its
     * {@code BootstrapServers}, {@code ProducerProperties}) and the topic (default: the entry's {@code Topic}).
     */
    static final class Factory implements UpdateLogFactory {

        @Override
        public String type() {
            return "kafka";
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            List<ConfigException> problems = new ArrayList<>();
            try {
                config.string("Topic");
                if (config.string("KafkaName").isEmpty()) {
                    problems.add(new ConfigException(config.path(), "KafkaName", "is required"));
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
            return problems;
        }

        @Override
        public UpdateLog create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            String name = config.string("KafkaName");
            ComponentConfig entry = context.datasourceConfig(KafkaSettings.MAP, name).orElseThrow(() ->
                    new ConfigException(config.path(), "KafkaName", "no KafkaConfs entry '" + name + "'"));
            KafkaSettings s = KafkaSettings.of(entry);
            String topic = config.string("Topic", s.topic());
            Properties producer = producerProperties(s, name);
            Properties consumer = consumerProperties(s, name);
            try {
                return new KafkaUpdateLog(name, topic, producer, consumer);
            } catch (RuntimeException e) {
                throw new ConfigException(entry.path(), "BootstrapServers", "cannot create the producer: " + e.getMessage(), e);
            }
        }

        /** The entry's producer settings with the log's durability and ordering forced over them. */
        static Properties producerProperties(KafkaSettings s, String name) {
            Properties producer = s.producerProperties(name);
            // durability and order are not the entry's to choose here: a write is answered once every in-sync
            // replica has it, and producer retries neither duplicate nor reorder
            producer.put(ProducerConfig.ACKS_CONFIG, "all");
            producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // one produce request at a time: the broker handles a connection's requests one after the other
            // anyway, so more in flight only splits the waiting writes into more, smaller requests (each one a
            // broker turn and a fetch answer to every replica); with one, the writes that arrive while a request is
            // out all go in the next (group commit), and nothing is reordered even on a retry
            producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            producer.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
            producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            // a /sendmsg client waits for its acknowledgement: little batching, and a refusal within seconds
            // when Kafka is away (unless ProducerProperties says otherwise)
            Map<String, String> own = s.producerProperties();
            Map.of(ProducerConfig.LINGER_MS_CONFIG, "1", ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000")
                    .forEach((k, v) -> {
                        if (!own.containsKey(k)) {
                            producer.put(k, v);
                        }
                    });
            producer.put(ProducerConfig.CLIENT_ID_CONFIG, "recengine-match-" + name);
            return producer;
        }

        /** A consumer of its own per replica: no group, nothing committed (the snapshots hold the offsets). */
        static Properties consumerProperties(KafkaSettings s, String name) {
            Properties consumer = new Properties();
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers().replace(" ", ""));
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
            consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "recengine-match-" + name);
            consumer.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            return consumer;
        }
    }
}
