package io.recengine.core.builtin.filter;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.PluginContext;

import java.util.List;

/**
 * The shape of every factory of this package: one reading of the config into settings, used alike by
 * {@code check} (every problem) and {@code create} (the first problem thrown), so that {@code validate}
 * and start-up agree. Messages name the filter as {@code filter 'name' (FilterConfs[i])}.
 *
 * @param <S> the settings one config reads into
 */
abstract class SettingsFilterFactory<S> implements FilterFactory {

    private final String type;

    SettingsFilterFactory(String type) {
        this.type = type;
    }

    /** Reads the settings; problems go to {@code r}, each naming {@code who}. */
    abstract S read(ConfigReader r, String who);

    /** Builds the filter from valid settings. */
    abstract Filter build(S settings, String who, PluginContext context);

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<ConfigException> check(ComponentConfig config) {
        String who = "filter " + config.component();
        return ConfigReader.check(config, who, r -> read(r, who));
    }

    @Override
    public final Filter create(ComponentConfig config, PluginContext context) {
        String who = "filter " + config.component();
        return build(ConfigReader.read(config, who, r -> read(r, who)), who, context);
    }
}
