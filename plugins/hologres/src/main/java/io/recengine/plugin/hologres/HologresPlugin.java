package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Hologres plugin: the {@code HologresConfs} datasource, the {@code hologres} feature DAO, the Hologres
 * recalls ({@code UserCustomRecall}, {@code UserCollaborativeFilterRecall},
 * {@code ItemCollaborativeFilterRecall}, {@code UserGlobalHotRecall}, {@code HologresVectorRecall},
 * {@code HologresVectorRecallV2}, {@code I2IVectorRecall}), the filters {@code User2ItemExposureFilter} (v1 and
 * v2 tables), {@code User2ItemExposureWithConditionFilter}, {@code User2ItemCustomFilter},
 * {@code ItemCustomFilter} and {@code ItemStateFilter}, and the sort {@code BoostScoreByWeight}.
 */
public final class HologresPlugin implements Plugin {

    /** Keys masked wherever the engine prints a HologresConfs entry: the DSN carries the password. */
    static final Set<String> SECRET_KEYS = Set.of("DSN", "Password");

    /**
     * The {@code AdapterType} this plugin serves its recall and filter types for: PAI-Rec keeps those types
     * for several stores, and other plugins (redis, mysql) serve the same names for theirs.
     */
    static final Set<String> ADAPTERS = Set.of("hologres");

    @Override
    public String name() {
        return "hologres";
    }

    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(new DatasourceFactory() {
            @Override
            public String type() {
                return "HologresConfs";
            }

            @Override
            public Datasource create(ComponentConfig config, PluginContext context) {
                // the entry's path is HologresConfs.<name>
                String path = config.path();
                int dot = path.indexOf('.');
                String name = dot < 0 ? path : path.substring(dot + 1);
                // reads the entry through HologresSettings, as check() does
                return new HologresDatasource(name, config, context.metrics(), System::getenv);
            }

            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return HologresSettings.check(config, System::getenv);
            }

            @Override
            public Set<String> secretKeys() {
                return SECRET_KEYS;
            }
        });
    }

    @Override
    public List<FeatureDaoFactory> featureDaoFactories() {
        return List.of(new FeatureDaoFactory() {
            @Override
            public String type() {
                return "hologres";
            }

            @Override
            public FeatureDao create(ComponentConfig config, PluginContext context) {
                return new HologresFeatureDao(config, context);
            }
        });
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(
                recall("UserCustomRecall", (c, ctx) -> new ListRecall(ListRecall.Kind.USER_CUSTOM, c, ctx)),
                recall("ItemCollaborativeFilterRecall", (c, ctx) -> new ListRecall(ListRecall.Kind.ITEM_CF, c, ctx)),
                recall("UserCollaborativeFilterRecall", UserCfRecall::new),
                recall("UserGlobalHotRecall", GlobalHotRecall::new),
                recall("HologresVectorRecall", (c, ctx) -> new VectorRecall(VectorRecall.Mode.INNER_PRODUCT, c, ctx)),
                recall("HologresVectorRecallV2", (c, ctx) -> new VectorRecall(VectorRecall.Mode.EUCLIDEAN, c, ctx)),
                recall("I2IVectorRecall", (c, ctx) -> new VectorRecall(VectorRecall.Mode.I2I, c, ctx)));
    }

    private static RecallFactory recall(String type, BiFunction<ComponentConfig, PluginContext, Recall> ctor) {
        return new RecallFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Recall create(ComponentConfig config, PluginContext context) {
                return ctor.apply(config, context);
            }

            @Override
            public Set<String> adapterTypes() {
                return ADAPTERS;
            }
        };
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(filter(ExposureFilter.TYPE, ExposureFilter::new, ExposureFilter::check),
                filter(ExposureFilter.WITH_CONDITION, (c, ctx) -> new ExposureFilter(c, ctx, true), ExposureFilter::check),
                filter(ItemStateFilter.TYPE, ItemStateFilter::new, ItemStateFilter::check),
                filter(UserItemCustomFilter.TYPE, UserItemCustomFilter::new),
                filter(ItemCustomFilter.TYPE, ItemCustomFilter::new));
    }

    @Override
    public List<SortFactory> sortFactories() {
        return List.of(new SortFactory() {
            @Override
            public String type() {
                return BoostScoreByWeight.TYPE;
            }

            @Override
            public Sort create(ComponentConfig config, PluginContext context) {
                return new BoostScoreByWeight(config, context);
            }

            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return BoostScoreByWeight.check(config);
            }
        });
    }

    private static FilterFactory filter(String type, BiFunction<ComponentConfig, PluginContext, Filter> ctor) {
        return filter(type, ctor, c -> List.of());
    }

    /** A filter whose {@code check} (validate) finds what its constructor (start-up) would refuse. */
    private static FilterFactory filter(String type, BiFunction<ComponentConfig, PluginContext, Filter> ctor,
                                        java.util.function.Function<ComponentConfig, List<ConfigException>> check) {
        return new FilterFactory() {
            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return check.apply(config);
            }

            @Override
            public String type() {
                return type;
            }

            @Override
            public Filter create(ComponentConfig config, PluginContext context) {
                return ctor.apply(config, context);
            }

            @Override
            public Set<String> adapterTypes() {
                return ADAPTERS;
            }
        };
    }
}
