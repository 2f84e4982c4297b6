package io.recengine.plugin.easyrec;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The factory every processor of this plugin is: its type, the block it reads ({@link EasSettings}), its
 * response functions, and how a ranker is built from the settings. {@code check} and {@code create}
 * refuse alike.
 */
class Processors implements RankerFactory {

    /** Builds one processor's ranker from checked settings. */
    interface Builder {
        Ranker build(String name, EasSettings settings, PluginMetrics metrics);
    }

    private final String type;
    private final String block;
    private final List<String> functions;
    private final Map<String, String> refused;
    private final Builder builder;
    private final EasSettings.Transport transport;

    /**
     * @param functions the response functions that score items, the default first
     * @param refused   the processor's other response functions, with why they do not rank
     */
    Processors(String type, String block, List<String> functions, Map<String, String> refused, Builder builder) {
        this(type, block, functions, refused, EasSettings.Transport.HTTP, builder);
    }

    Processors(String type, String block, List<String> functions, Map<String, String> refused,
               EasSettings.Transport transport, Builder builder) {
        this.type = type;
        this.block = block;
        this.functions = functions;
        this.refused = refused;
        this.transport = transport;
        this.builder = builder;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<String> secretKeys() {
        return Set.of("Auth");
    }

    @Override
    public final List<ConfigException> check(ComponentConfig config) {
        try {
            settings(config);
            return List.of();
        } catch (ConfigException e) {
            return List.of(e);
        }
    }

    @Override
    public final Ranker create(ComponentConfig config, PluginContext context) {
        return builder.build(config.name(), settings(config), context.metrics());
    }

    private EasSettings settings(ComponentConfig config) {
        return EasSettings.read(config, block, type, functions, refused, transport);
    }
}
