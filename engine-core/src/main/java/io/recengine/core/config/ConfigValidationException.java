package io.recengine.core.config;

import io.recengine.spi.ConfigException;

import java.util.List;
import java.util.stream.Collectors;

/** Start-up refused: every problem found in the config, all at once. */
public final class ConfigValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigException> problems;

    public ConfigValidationException(String source, List<ConfigException> problems) {
        super(problems.size() + " problem(s) in config " + source + ":\n" + problems.stream()
                .map(p -> "  - " + p.getMessage()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigException> problems() {
        return problems;
    }
}
