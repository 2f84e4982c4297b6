package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.SortFactory;

import java.util.List;
import java.util.Set;

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
        return List.of(FeatureDaoFactory.of("hologres", HologresFeatureDao::new));
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(
                RecallFactory.of("UserCustomRecall", ADAPTERS, (c, ctx) -> new ListRecall(ListRecall.Kind.USER_CUSTOM, c, ctx)),
                RecallFactory.of("ItemCollaborativeFilterRecall", ADAPTERS, (c, ctx) -> new ListRecall(ListRecall.Kind.ITEM_CF, c, ctx)),
                RecallFactory.of("UserCollaborativeFilterRecall", ADAPTERS, UserCfRecall::new),
                RecallFactory.of("UserGlobalHotRecall", ADAPTERS, GlobalHotRecall::new),
                RecallFactory.of("HologresVectorRecall", ADAPTERS, (c, ctx) -> new VectorRecall(VectorRecall.Mode.INNER_PRODUCT, c, ctx)),
                RecallFactory.of("HologresVectorRecallV2", ADAPTERS, (c, ctx) -> new VectorRecall(VectorRecall.Mode.EUCLIDEAN, c, ctx)),
                RecallFactory.of("I2IVectorRecall", ADAPTERS, (c, ctx) -> new VectorRecall(VectorRecall.Mode.I2I, c, ctx)));
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(FilterFactory.of(ExposureFilter.TYPE, ADAPTERS, ExposureFilter::new, ExposureFilter::check),
                FilterFactory.of(ExposureFilter.WITH_CONDITION, ADAPTERS, (c, ctx) -> new ExposureFilter(c, ctx, true), ExposureFilter::check),
                FilterFactory.of(ItemStateFilter.TYPE, ADAPTERS, ItemStateFilter::new, ItemStateFilter::check),
                FilterFactory.of(UserItemCustomFilter.TYPE, ADAPTERS, UserItemCustomFilter::new),
                FilterFactory.of(ItemCustomFilter.TYPE, ADAPTERS, ItemCustomFilter::new));
    }

    @Override
    public List<SortFactory> sortFactories() {
        return List.of(SortFactory.of(BoostScoreByWeight.TYPE, BoostScoreByWeight::new, BoostScoreByWeight::check));
    }
}
