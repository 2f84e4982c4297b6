package io.recengine.core.debuglog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One PAI-Rec {@code DebugConfig}: a {@code DebugConfs} entry or the experiment parameter
 * {@code debugConfig}. Keys (Go's decoding, case-insensitive): {@code Rate} (0-100, the share of requests
 * logged), {@code DebugUsers} (uids always logged), {@code OutputType} ({@code console}, {@code file}, or
 * empty for none), {@code FilePath} and {@code MaxFileNum} (file output; default 20 files).
 * {@code datahub} and {@code kafka} outputs are refused: the engine's callback sinks are not wired to
 * this log. Immutable.
 */
public final class DebugLogConfig {

    /** Output types this engine writes; empty means none (PAI-Rec's empty output). */
    public static final List<String> KNOWN_OUTPUTS = List.of("console", "file");
    /** PAI-Rec's default {@code MaxFileNum}. */
    static final int DEFAULT_MAX_FILE_NUM = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int rate;
    private final Set<String> debugUsers;
    private final String outputType;
    private final String filePath;
    private final int maxFileNum;
    private volatile DebugOutput output;

    private DebugLogConfig(int rate, Set<String> debugUsers, String outputType, String filePath, int maxFileNum) {
        this.rate = rate;
        this.debugUsers = debugUsers;
        this.outputType = outputType;
        this.filePath = filePath;
        this.maxFileNum = maxFileNum;
    }

    /** The config at {@code where} (e.g. {@code DebugConfs.home}); a bad value is a {@link ConfigException} naming the key. */
    public static DebugLogConfig of(String where, Map<String, ?> values) {
        ComponentConfig c = ComponentConfig.of(where, values);
        int rate = c.integer("Rate", 0);
        if (rate < 0 || rate > 100) {
            throw new ConfigException(where, "Rate", "must be 0..100 (the percentage of requests logged), got " + rate);
        }
        String type = c.string("OutputType", "");
        if (type.equals("datahub") || type.equals("kafka")) {
            throw new ConfigException(where, "OutputType", "'" + type + "' is not supported by RecEngine's debug log"
                    + " (DatahubName/KafKaName are not wired to it). Known: " + KNOWN_OUTPUTS + ", or empty for none");
        }
        if (!type.isEmpty() && !KNOWN_OUTPUTS.contains(type)) {
            throw new ConfigException(where, "OutputType", "unknown output '" + type + "'. Known: " + KNOWN_OUTPUTS
                    + ", or empty for none");
        }
        String path = c.string("FilePath", "");
        if (type.equals("file") && path.isEmpty()) {
            throw new ConfigException(where, "FilePath", "is required with OutputType 'file'");
        }
        int max = c.integer("MaxFileNum", 0);
        return new DebugLogConfig(rate, Set.copyOf(c.stringList("DebugUsers")), type, path,
                max > 0 ? max : DEFAULT_MAX_FILE_NUM);
    }

    /**
     * The experiment parameter's value: JSON text or an object. PAI-Rec unmarshals text and falls back to
     * {@code DebugConfs} when that fails; so does the caller when this throws.
     */
    @SuppressWarnings("unchecked")
    public static DebugLogConfig ofParam(Object value) {
        if (value instanceof Map<?, ?> m) {
            return of("experiment param debugConfig", (Map<String, ?>) m);
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return of("experiment param debugConfig", JSON.readValue(s, new TypeReference<Map<String, Object>>() {
                }));
            } catch (JsonProcessingException e) {
                throw new ConfigException("experiment param debugConfig", "", "is not a JSON object: "
                        + e.getOriginalMessage());
            }
        }
        throw new ConfigException("experiment param debugConfig", "", "must be a JSON object or its text");
    }

    /** PAI-Rec's choice: {@code Rate} 100, then a debug user, then a draw at {@code Rate} percent. */
    public boolean chosen(String uid) {
        return rate >= 100 || debugUsers.contains(uid) || (rate > 0 && ThreadLocalRandom.current().nextInt(100) < rate);
    }

    public int rate() {
        return rate;
    }

    public String outputType() {
        return outputType;
    }

    public String filePath() {
        return filePath;
    }

    public int maxFileNum() {
        return maxFileNum;
    }

    /** Where records go, made on first use (file outputs are shared by directory). */
    DebugOutput output() {
        DebugOutput o = output;
        if (o == null) {
            o = switch (outputType) {
                case "console" -> DebugOutput.console(System.out);
                case "file" -> FileOutput.forDirectory(Path.of(filePath), maxFileNum);
                default -> DebugOutput.NONE;
            };
            output = o;
        }
        return o;
    }
}
