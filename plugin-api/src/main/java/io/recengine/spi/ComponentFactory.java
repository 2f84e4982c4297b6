package io.recengine.spi;

import java.util.List;
import java.util.Set;

/**
 * Builds one kind of component from its config object. The common shape of every factory.
 *
 * <p>Factories are shared by all scenes and all config generations: {@link #create} may be called
 * several times (a config reload builds new instances and swaps them) and from any thread, so it must
 * not keep per-instance state in the factory. The engine sets the thread context class loader to the
 * plugin's loader around every call.
 *
 * @param <T> the product, immutable after creation and closed by the engine when it is replaced
 */
public interface ComponentFactory<T extends AutoCloseable> {

    /**
     * The discriminator value users write in the config, e.g. {@code "MockRecall"} or {@code "hologres"}.
     * Case-sensitive, unique per kind among all loaded plugins, matching {@code [A-Za-z][A-Za-z0-9_]*}.
     */
    String type();

    /**
     * Builds the component. Validates eagerly: a missing or malformed key throws
     * {@link ConfigException} naming the component ({@code config.name()}) and the key. May open
     * connections or read files; must not start request-path work.
     *
     * @param config the component's own JSON object, case-insensitive, never null
     * @param context engine services (datasources, executor, metrics); valid for the product's lifetime
     */
    T create(ComponentConfig config, PluginContext context);

    /**
     * Checks a config without side effects (no connections, no files), for {@code validate} runs and
     * start-up diagnosis. Returns every problem found; the default finds none.
     */
    default List<ConfigException> check(ComponentConfig config) {
        return List.of();
    }

    /**
     * Throws the first problem {@link #check} finds: the usual first line of {@link #create}, so that
     * {@code validate} runs and start-up refuse the same configs with the same messages.
     */
    default void requireValid(ComponentConfig config) {
        List<ConfigException> problems = check(config);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /**
     * The stores this factory serves its {@link #type()} for, as users name them in the config's
     * {@code AdapterType} (for example {@code hologres} or {@code redis}). PAI-Rec keeps one component type
     * for several stores ({@code UserCustomRecall}, {@code User2ItemExposureFilter}, ...) and picks the store
     * by the DAO block's {@code AdapterType}; several plugins may register one recall or filter type when each
     * declares its own, disjoint adapters here, and the engine hands each config to the plugin serving its
     * adapter. The adapter of a config is the first non-empty {@code AdapterType} of: the object itself, its
     * specific DAO blocks ({@code UserCollaborativeDaoConf}, {@code ItemCollaborativeDaoConf}, ... in the
     * order written), then {@code DaoConf}.
     *
     * <p>Empty (the default): the factory is the only one of its type and serves every config of it.
     */
    default Set<String> adapterTypes() {
        return Set.of();
    }

    /** Keys whose values are masked wherever the engine prints this component's config. */
    default Set<String> secretKeys() {
        return Set.of();
    }

    /** The body of {@link #create}, for factories declared with {@code RecallFactory.of(...)} and its kin. */
    @FunctionalInterface
    interface Constructor<T> {
        T create(ComponentConfig config, PluginContext context);
    }

    /** The body of {@link #check}, for declared factories; {@link #NONE} finds no problem. */
    @FunctionalInterface
    interface Checker {
        Checker NONE = config -> List.of();

        List<ConfigException> check(ComponentConfig config);
    }
}
