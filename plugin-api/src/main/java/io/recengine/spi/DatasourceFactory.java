package io.recengine.spi;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Builds {@link Datasource}s; {@link #type()} matches a top-level datasource map key such as HologresConfs. */
public interface DatasourceFactory extends ComponentFactory<Datasource> {

    /**
     * A factory whose datasource is an entry's typed settings alone (no connection), for maps whose entries
     * the plugin's components use themselves ({@code KafkaConfs}, {@code BEConfs}): {@code check} and
     * {@code create} both read the entry with {@code read}, messages naming it by its place
     * ({@code KafkaConfs.k}), so {@code validate} refuses exactly what start-up would.
     */
    static DatasourceFactory ofSettings(String type, Set<String> secretKeys,
                                        Function<ConfigReader, ? extends Datasource> read) {
        return new DatasourceFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Datasource create(ComponentConfig config, PluginContext context) {
                return ConfigReader.read(config, config.path(), read);
            }

            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return ConfigReader.check(config, config.path(), read);
            }

            @Override
            public Set<String> secretKeys() {
                return secretKeys;
            }
        };
    }
}
