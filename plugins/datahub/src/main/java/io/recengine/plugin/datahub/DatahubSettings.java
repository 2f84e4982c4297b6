package io.recengine.plugin.datahub;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Datasource;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code DatahubConfs} entry read with types and ranges: {@code Endpoint}, {@code ProjectName},
 * {@code TopicName} (required), {@code AccessId}, {@code AccessKey}, {@code CompressorType},
 * {@code ReadTimeoutMs} / {@code ConnectTimeoutMs} (10000), {@code RetryIntervalMs} (2000) and the
 * {@code Schemas} field types. The one reading that {@code validate} (the {@code DatahubConfs} datasource
 * factory's check) and start-up (the sink factory) share. It is also the datasource built for the entry:
 * plain settings, no connection. Immutable.
 */
record DatahubSettings(String endpoint, String accessId, String accessKey, String projectName, String topicName,
                       String compressorType, int readTimeoutMs, int connectTimeoutMs, long retryIntervalMs)
        implements Datasource {

    static final String MAP = "DatahubConfs";
    static final Set<String> SECRET_KEYS = Set.of("AccessKey");
    static final List<String> FIELD_TYPES = List.of("string", "integer", "bigint", "int64", "double", "float",
            "timestamp", "boolean");
    private static final List<String> COMPRESSORS = List.of("lz4", "deflate", "none", "zstd");
    private static final int MAX_MS = 3_600_000;

    static DatahubSettings read(ConfigReader r) {
        DatahubSettings s = new DatahubSettings(r.require("Endpoint"), r.string("AccessId", ""),
                r.string("AccessKey", ""), r.require("ProjectName"), r.require("TopicName"),
                r.string("CompressorType", "lz4"), r.integer("ReadTimeoutMs", 10_000, 1, MAX_MS),
                r.integer("ConnectTimeoutMs", 10_000, 1, MAX_MS), r.longValue("RetryIntervalMs", 2000, 0, MAX_MS));
        if (!COMPRESSORS.contains(s.compressorType().toLowerCase(Locale.ROOT))) {
            r.problem("CompressorType", "want one of " + String.join(", ", COMPRESSORS) + ", got \""
                    + s.compressorType() + "\"");
        }
        try {
            List<ComponentConfig> fields = r.config().children("Schemas");
            for (ComponentConfig f : fields) {
                ConfigReader fr = new ConfigReader(f, f.path());
                fr.require("Field");
                String type = fr.string("Type", "string").toLowerCase(Locale.ROOT);
                if (!FIELD_TYPES.contains(type)) {
                    fr.problem("Type", "unknown field type '" + type
                            + "'; known: string, integer, bigint, double, float, timestamp, boolean");
                }
                fr.problems().forEach(r::problem);
            }
        } catch (ConfigException e) {
            r.problem(e);
        }
        return s;
    }

    /** The settings of a {@code DatahubConfs} entry; throws the first problem the DatahubConfs check reports. */
    static DatahubSettings of(ComponentConfig entry) {
        // entries have no Name key: messages name them by their place, DatahubConfs.<name>
        return ConfigReader.read(entry, entry.path(), DatahubSettings::read);
    }

    /** Never the access key. */
    @Override
    public String toString() {
        return "DatahubSettings{" + endpoint + ", " + projectName + "/" + topicName + "}";
    }
}
