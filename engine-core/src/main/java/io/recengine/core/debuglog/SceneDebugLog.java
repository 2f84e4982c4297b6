package io.recengine.core.debuglog;

import io.recengine.core.debuglog.DebugRecords.Module;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PAI-Rec's debug log for one scene: each request's config is the experiment parameter
 * {@code debugConfig} when it parses, else the scene's {@code DebugConfs} entry; a request is logged when
 * that config chooses it ({@link DebugLogConfig#chosen}). A request without either costs one map lookup and
 * allocates nothing. Immutable; built once per config generation.
 */
public final class SceneDebugLog {

    private static final Logger LOG = LoggerFactory.getLogger(SceneDebugLog.class);

    /** The experiment parameter PAI-Rec reads. */
    public static final String PARAM = "debugConfig";

    /** A scene without a {@code DebugConfs} entry (the experiment parameter still applies). */
    public static final SceneDebugLog UNCONFIGURED = new SceneDebugLog(null, null, Clock.systemUTC());

    /** Distinct {@code debugConfig} values seen (experiments are few); cleared when it grows past the cap. */
    private static final Map<Object, Optional<DebugLogConfig>> PARAM_CONFIGS = new ConcurrentHashMap<>();
    private static final int MAX_PARAM_CONFIGS = 256;

    private final DebugLogConfig sceneConfig;
    private final DebugLogWriter writer;
    private final Clock clock;

    SceneDebugLog(DebugLogConfig sceneConfig, DebugLogWriter writer, Clock clock) {
        this.sceneConfig = sceneConfig;
        this.writer = writer;
        this.clock = clock;
    }

    /** The log of a scene with {@code DebugConfs} entry {@code config} (null: {@link #UNCONFIGURED}). */
    public static SceneDebugLog of(DebugLogConfig config) {
        return config == null ? UNCONFIGURED : new SceneDebugLog(config, null, Clock.systemUTC());
    }

    public boolean isConfigured() {
        return sceneConfig != null;
    }

    /** The config of an experiment parameter value; empty when it is not a valid {@code DebugConfig}. */
    public static Optional<DebugLogConfig> paramConfig(Object value) {
        Optional<DebugLogConfig> c = PARAM_CONFIGS.get(value);
        if (c == null) {
            try {
                c = Optional.of(DebugLogConfig.ofParam(value));
            } catch (ConfigException | ClassCastException e) {
                c = Optional.empty();
            }
            if (PARAM_CONFIGS.size() >= MAX_PARAM_CONFIGS) {
                PARAM_CONFIGS.clear();
            }
            PARAM_CONFIGS.put(value, c);
        }
        return c;
    }

    /** The request's log, or null when it is not logged (the stages then do nothing). */
    public Request start(RecContext ctx, User user) {
        Map<String, Object> params = ctx.abParams();
        Object param = params.isEmpty() ? null : params.get(PARAM);
        if (param == null && sceneConfig == null) {
            return null;
        }
        DebugLogConfig config = param == null ? null : paramConfig(param).orElse(null);
        if (config == null) {
            config = sceneConfig;
        }
        String uid = user.id() == null ? "" : user.id();
        if (config == null || !config.chosen(uid)) {
            return null;
        }
        DebugOutput output = config.output();
        if (output == DebugOutput.NONE) {
            return null;
        }
        return new Request(output, new DebugRecords.Head(ctx.requestId(), ctx.sceneId(), ctx.experimentId(),
                clock.millis() / 1000, uid), writer == null ? DebugLogWriter.shared() : writer);
    }

    /** One logged request: each stage hands its items over; the records are written on the writer thread. */
    public static final class Request {
        private final DebugOutput output;
        private final DebugRecords.Head head;
        private final DebugLogWriter writer;

        Request(DebugOutput output, DebugRecords.Head head, DebugLogWriter writer) {
            this.output = output;
            this.head = head;
            this.writer = writer;
        }

        /** Copies what the records of {@code module} need of {@code items} and queues their writing. */
        public void stage(Module module, List<Item> items) {
            if (items.isEmpty()) {
                return;
            }
            List<DebugRecords.Snapshot> snapshot = DebugRecords.snapshot(items, module);
            writer.offer(() -> {
                for (Map<String, Object> r : DebugRecords.records(head, module, snapshot)) {
                    try {
                        output.write(r);
                    } catch (IOException e) {
                        LOG.warn("debug log write failed (requestId={}, module={}): {}", head.requestId(),
                                module.text(), e.toString());
                        return;
                    }
                }
            });
        }
    }
}
