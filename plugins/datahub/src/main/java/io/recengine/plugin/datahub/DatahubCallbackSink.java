package io.recengine.plugin.datahub;

import com.aliyun.datahub.client.DatahubClient;
import com.aliyun.datahub.client.DatahubClientBuilder;
import com.aliyun.datahub.client.auth.AliyunAccount;
import com.aliyun.datahub.client.common.DatahubConfig;
import com.aliyun.datahub.client.exception.DatahubClientException;
import com.aliyun.datahub.client.exception.LimitExceededException;
import com.aliyun.datahub.client.exception.ResourceNotFoundException;
import com.aliyun.datahub.client.http.HttpConfig;
import com.aliyun.datahub.client.model.CompressType;
import com.aliyun.datahub.client.model.Field;
import com.aliyun.datahub.client.model.FieldType;
import com.aliyun.datahub.client.model.RecordEntry;
import com.aliyun.datahub.client.model.RecordSchema;
import com.aliyun.datahub.client.model.RecordType;
import com.aliyun.datahub.client.model.ShardEntry;
import com.aliyun.datahub.client.model.ShardState;
import com.aliyun.datahub.client.model.TupleRecordData;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes callback rows to a DataHub TUPLE topic with the real SDK in protobuf mode, as PAI-Rec's
 * {@code datasource/datahub}: records filled by field name from the row's columns (missing columns stay
 * null), one {@code putRecordsByShard} per call (chunks of 1000 records) on a shard chosen round-robin
 * among the ACTIVE ones (list refreshed every minute), {@code LimitExceeded} retried 3 times
 * ({@code RetryIntervalMs}, default 2000, PAI-Rec's 2 s). Any other failure throws, and the engine spills
 * the batch and replays it.
 *
 * <p>Config {@code DatahubConfs[DataSource.Name]}: {@code Endpoint}, {@code AccessId}, {@code AccessKey},
 * {@code ProjectName}, {@code TopicName}, {@code CompressorType} ({@code lz4} default, {@code deflate},
 * {@code none}; {@code zstd} is not offered by the Java SDK and falls back to lz4), {@code Schemas}
 * ({@code [{Field, Type}]}, types string, integer, bigint, double, float, timestamp, boolean): when set
 * and the topic is missing, it is created with 6 shards and a 3-day lifecycle; otherwise the topic's own
 * schema is used. Thread-safe.
 */
public final class DatahubCallbackSink implements CallbackSink {

    private static final Logger LOG = LoggerFactory.getLogger(DatahubCallbackSink.class);
    private static final long SHARD_REFRESH_MS = 60_000;
    private static final int MAX_RECORDS_PER_PUT = 1000;

    private final String component;
    private final DatahubClient client;
    private final String project;
    private final String topic;
    private final RecordSchema schema;
    private final long retryIntervalMs;
    private final AtomicLong next = new AtomicLong();
    private volatile List<String> shards;
    private volatile long shardsLoadedAt;

    DatahubCallbackSink(String component, DatahubClient client, String project, String topic, RecordSchema schema,
                        long retryIntervalMs) {
        this.component = component;
        this.client = client;
        this.project = project;
        this.topic = topic;
        this.schema = schema;
        this.retryIntervalMs = retryIntervalMs;
        this.shards = loadShards();
        this.shardsLoadedAt = System.currentTimeMillis();
    }

    private List<String> loadShards() {
        List<String> active = new ArrayList<>();
        for (ShardEntry e : client.listShard(project, topic).getShards()) {
            if (e.getState() == ShardState.ACTIVE) {
                active.add(e.getShardId());
            }
        }
        if (active.isEmpty()) {
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY,
                    "topic " + project + "/" + topic + " has no ACTIVE shard");
        }
        return List.copyOf(active);
    }

    private String nextShard() {
        long now = System.currentTimeMillis();
        if (now - shardsLoadedAt > SHARD_REFRESH_MS) {
            shardsLoadedAt = now;
            try {
                shards = loadShards();
            } catch (RuntimeException e) {
                LOG.warn("{}: shard list refresh failed, keeping {}: {}", component, shards, e.toString());
            }
        }
        List<String> s = shards;
        return s.get((int) Math.floorMod(next.getAndIncrement(), (long) s.size()));
    }

    @Override
    public void write(List<CallbackRow> rows) {
        for (int from = 0; from < rows.size(); from += MAX_RECORDS_PER_PUT) {
            List<CallbackRow> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_RECORDS_PER_PUT));
            List<RecordEntry> records = new ArrayList<>(chunk.size());
            for (CallbackRow row : chunk) {
                records.add(record(row));
            }
            put(records);
        }
    }

    private RecordEntry record(CallbackRow row) {
        TupleRecordData data = new TupleRecordData(schema);
        for (Field f : schema.getFields()) {
            Object v = row.get(f.getName());
            if (v != null) {
                data.setField(f.getName(), convert(f.getType(), v));
            }
        }
        RecordEntry e = new RecordEntry();
        e.setRecordData(data);
        return e;
    }

    private static Object convert(FieldType type, Object v) {
        String s = v.toString();
        return switch (type) {
            case BIGINT, TIMESTAMP -> v instanceof Number n ? n.longValue() : Long.parseLong(s);
            case INTEGER -> v instanceof Number n ? n.intValue() : Integer.parseInt(s);
            case DOUBLE -> v instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
            case FLOAT -> v instanceof Number n ? n.floatValue() : Float.parseFloat(s);
            case BOOLEAN -> Boolean.parseBoolean(s);
            default -> s;
        };
    }

    private void put(List<RecordEntry> records) {
        for (int attempt = 0; ; attempt++) {
            String shard = nextShard();
            try {
                client.putRecordsByShard(project, topic, shard, records);
                return;
            } catch (LimitExceededException e) {
                if (attempt >= 3) {
                    throw new ComponentException(component, ComponentException.Kind.DEPENDENCY,
                            "LimitExceeded after 3 retries: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(retryIntervalMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, "interrupted", ie);
                }
            } catch (DatahubClientException e) {
                throw new ComponentException(component, ComponentException.Kind.DEPENDENCY,
                        "putRecordsByShard on shard " + shard + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "DatahubCallbackSink{" + project + "/" + topic + "}";
    }

    /** {@code DataSource.Type: "datahub"}: the config handed over is the {@code DataSource} object. */
    public static final class Factory implements CallbackSinkFactory {

        @Override
        public String type() {
            return "datahub";
        }

        @Override
        public Set<String> secretKeys() {
            return Set.of("AccessKey");
        }

        @Override
        public CallbackSink create(ComponentConfig config, PluginContext context) {
            String name = config.require("Name");
            ComponentConfig c = context.datasourceConfig("DatahubConfs", name).orElseThrow(() ->
                    new ConfigException(config.component(), "Name", "no DatahubConfs entry '" + name + "'"));
            // the same reading as the DatahubConfs check that validate runs
            DatahubSettings settings = DatahubSettings.of(c);
            String endpoint = settings.endpoint();
            String project = settings.projectName();
            String topic = settings.topicName();
            HttpConfig http = new HttpConfig().setCompressType(compress(settings.compressorType()))
                    .setReadTimeout(settings.readTimeoutMs()).setConnTimeout(settings.connectTimeoutMs())
                    .setMaxRetryCount(1);
            DatahubClient client = DatahubClientBuilder.newBuilder()
                    .setDatahubConfig(new DatahubConfig(endpoint, new AliyunAccount(settings.accessId(), settings.accessKey()), true))
                    .setHttpConfig(http).build();
            RecordSchema schema = schema(c);
            String component = "datahub sink '" + name + "'";
            try {
                RecordSchema topicSchema = topicSchema(client, project, topic, schema, component);
                return new DatahubCallbackSink(component, client, project, topic, topicSchema,
                        settings.retryIntervalMs());
            } catch (DatahubClientException | ComponentException e) {
                throw new ConfigException(c.component(), "TopicName", "cannot use topic " + project + "/" + topic
                        + " at " + endpoint + ": " + e.getMessage(), e);
            }
        }

        private static RecordSchema topicSchema(DatahubClient client, String project, String topic, RecordSchema wanted,
                                                String component) {
            if (wanted == null) {
                return client.getTopic(project, topic).getRecordSchema();
            }
            try {
                return client.getTopic(project, topic).getRecordSchema();
            } catch (ResourceNotFoundException e) {
                LOG.info("{}: creating topic {}/{} (6 shards, 3 days)", component, project, topic);
                client.createTopic(project, topic, 6, 3, RecordType.TUPLE, wanted, "create topic " + topic + " by recengine");
                return client.getTopic(project, topic).getRecordSchema();
            }
        }

        private static RecordSchema schema(ComponentConfig c) {
            List<ComponentConfig> fields = c.children("Schemas");
            if (fields.isEmpty()) {
                return null;
            }
            RecordSchema s = new RecordSchema();
            for (ComponentConfig f : fields) {
                String type = f.string("Type", "string").toLowerCase(Locale.ROOT);
                FieldType ft = switch (type) {
                    case "string" -> FieldType.STRING;
                    case "integer", "bigint", "int64" -> FieldType.BIGINT;
                    case "double" -> FieldType.DOUBLE;
                    case "float" -> FieldType.FLOAT;
                    case "timestamp" -> FieldType.TIMESTAMP;
                    case "boolean" -> FieldType.BOOLEAN;
                    default -> throw new ConfigException(f.component(), "Type", "unknown field type '" + type
                            + "'; known: string, integer, bigint, double, float, timestamp, boolean");
                };
                s.addField(new Field(f.require("Field"), ft, true));
            }
            return s;
        }

        private static CompressType compress(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "none", "" -> CompressType.NONE;
                case "deflate" -> CompressType.DEFLATE;
                default -> CompressType.LZ4;
            };
        }
    }
}
