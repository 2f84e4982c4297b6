package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;

import java.util.List;

/**
 * The factory shape of every built-in sort: one {@link #read} of the config collects every problem, so
 * {@code check} (validate) and {@code create} (start-up) refuse the same configs with the same messages.
 */
abstract class SettingsSortFactory implements SortFactory {

    private final String type;

    SettingsSortFactory(String type) {
        this.type = type;
    }

    @Override
    public final String type() {
        return type;
    }

    /** The sort {@code config} describes; problems go to {@code keys} (a bad value reads as its default). */
    abstract Sort read(ComponentConfig config, Keys keys, PluginContext context);

    @Override
    public final List<ConfigException> check(ComponentConfig config) {
        Keys keys = new Keys(config);
        read(config, keys, null);
        return keys.problems();
    }

    @Override
    public final Sort create(ComponentConfig config, PluginContext context) {
        Keys keys = new Keys(config);
        Sort s = read(config, keys, context);
        keys.requireValid();
        return s;
    }
}
