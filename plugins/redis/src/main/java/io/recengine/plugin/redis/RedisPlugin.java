package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecallCacheFactory;
import io.recengine.spi.RecallFactory;

import java.util.List;
import java.util.Set;

/**
 * Redis plugin: the {@code RedisConfs} datasource, the {@code redis} feature DAO, {@code UserCustomRecall} and
 * {@code UserCollaborativeFilterRecall} on Redis, {@code User2ItemExposureFilter} on Redis, the black-list
 * filters {@code User2ItemCustomFilter} and {@code ItemCustomFilter} on Redis (a RecEngine extension), and the
 * recall result cache {@code CacheAdapter: redis}. The recall and filter types are PAI-Rec's shared ones: this
 * plugin serves them for {@code AdapterType: redis}.
 */
public final class RedisPlugin implements Plugin {

    static final String CONFS = "RedisConfs";
    static final Set<String> ADAPTERS = Set.of("redis");
    /** Masked wherever the engine prints a RedisConfs entry. */
    static final Set<String> SECRET_KEYS = Set.of("Password");

    @Override
    public String name() {
        return "redis";
    }

    /**
     * The datasource named by {@code dao.RedisName}; {@code dao} is the DAO block ({@code DaoConf}) of
     * {@code owner}, or {@code owner} itself for a feature DAO.
     */
    static RedisDatasource datasource(ComponentConfig owner, ComponentConfig dao, PluginContext context) {
        String name = dao.string("RedisName");
        if (name.isEmpty()) {
            String where = dao == owner ? "RedisName" : "DaoConf.RedisName";
            throw new ConfigException(owner.component(), where, "is required");
        }
        return context.datasource(CONFS, name, RedisDatasource.class);
    }

    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(new DatasourceFactory() {
            @Override
            public String type() {
                return CONFS;
            }

            @Override
            public Datasource create(ComponentConfig config, PluginContext context) {
                String path = config.path();
                int dot = path.indexOf('.');
                return new RedisDatasource(dot < 0 ? path : path.substring(dot + 1), config, context.metrics());
            }

            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return RedisSettings.check(config);
            }

            @Override
            public Set<String> secretKeys() {
                return SECRET_KEYS;
            }
        });
    }

    @Override
    public List<FeatureDaoFactory> featureDaoFactories() {
        return List.of(FeatureDaoFactory.of("redis", RedisFeatureDao::new));
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(RecallFactory.of("UserCustomRecall", ADAPTERS, RedisRecalls.UserCustom::new),
                RecallFactory.of("UserCollaborativeFilterRecall", ADAPTERS, RedisRecalls.UserCf::new));
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(FilterFactory.of("User2ItemExposureFilter", ADAPTERS, RedisExposureFilter::new),
                FilterFactory.of("User2ItemCustomFilter", ADAPTERS, RedisCustomFilters.UserItem::new),
                FilterFactory.of("ItemCustomFilter", ADAPTERS, RedisCustomFilters.ItemList::new));
    }

    /** PAI-Rec's recall {@code CacheAdapter: redis}. */
    @Override
    public List<RecallCacheFactory> recallCacheFactories() {
        return List.of(new RedisRecallCache.Factory());
    }
}
