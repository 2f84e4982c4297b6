package io.recengine.core.experiment;

import io.recengine.core.config.ConfigValidationException;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Where a config's experiments come from: {@code EngineConf.ExperimentFile} (a path, relative to the config
 * file's folder) or {@code EngineConf.Experiments} (the same JSON object inline). Neither: no experiments,
 * and {@code experiment_id} stays {@code ""} as in PAI-Rec without an A/B client.
 */
public final class ExperimentSource {

    /** {@code EngineConf} key: the path of the experiment file. */
    public static final String FILE_KEY = "ExperimentFile";
    /** {@code EngineConf} key: the experiment file's object, inline. */
    public static final String INLINE_KEY = "Experiments";

    private ExperimentSource() {
    }

    /**
     * The experiment file {@code config} names, resolved against the config's folder; null when it names
     * none (or keeps them inline). The reload watcher watches this path.
     */
    public static Path file(EngineConfig config) {
        String name = config.engineConf().string(FILE_KEY, "");
        if (name.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(name);
            return p.isAbsolute() || config.baseDir() == null ? p : config.baseDir().resolve(p).normalize();
        } catch (InvalidPathException e) {
            throw new ConfigValidationException(config.source(), List.of(new ConfigException(EngineSettings.KEY,
                    FILE_KEY, "not a path: " + e.getMessage())));
        }
    }

    /**
     * Reads and compiles the config's experiments; {@link Experiments#NONE} when it has none.
     *
     * @throws ConfigValidationException with every problem of the experiments, each naming the object and key
     */
    public static Experiments read(EngineConfig config, Clock clock) {
        ComponentConfig ec = config.engineConf();
        boolean inline = ec.has(INLINE_KEY) && ec.raw(INLINE_KEY) != null;
        Path file = file(config);
        if (inline && file != null) {
            throw new ConfigValidationException(config.source(), List.of(new ConfigException(EngineSettings.KEY,
                    INLINE_KEY, "set " + FILE_KEY + " or " + INLINE_KEY + ", not both")));
        }
        if (file != null) {
            return Experiments.read(file, FeatureFilters.INSTANCE, clock);
        }
        if (!inline) {
            return Experiments.NONE;
        }
        Object raw = ec.raw(INLINE_KEY);
        if (!(raw instanceof Map)) {
            throw new ConfigValidationException(config.source(), List.of(new ConfigException(EngineSettings.KEY,
                    INLINE_KEY, "must be an object like the experiment file's ({\"scenes\": [...]})")));
        }
        ExperimentFile parsed;
        try {
            parsed = ExperimentFile.MAPPER.convertValue(raw, ExperimentFile.class);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage();
            throw new ConfigValidationException(config.source(), List.of(new ConfigException(EngineSettings.KEY,
                    INLINE_KEY, why)));
        }
        return Experiments.compile(parsed, FeatureFilters.INSTANCE, clock, config.source() + " " + EngineSettings.KEY
                + "." + INLINE_KEY);
    }

    /** Every problem of the config's experiments (for {@code validate}); empty when fine or absent. */
    public static List<ConfigException> check(EngineConfig config) {
        try {
            read(config, Clock.systemDefaultZone());
            return List.of();
        } catch (ConfigValidationException e) {
            return e.problems();
        }
    }
}
