package io.recengine.plugin.mysql;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecallFactory;

import java.util.List;
import java.util.Set;

/**
 * MySQL plugin: the {@code MysqlConfs} datasource, the {@code mysql} feature DAO, {@code UserCustomRecall},
 * {@code UserCollaborativeFilterRecall} and {@code UserTopicRecall} on MySQL tables, and {@code User2ItemExposureFilter} on a MySQL
 * table (served for {@code AdapterType: mysql}).
 */
public final class MysqlPlugin implements Plugin {

    static final String CONFS = "MysqlConfs";
    static final Set<String> ADAPTERS = Set.of("mysql");
    /** The DSN holds the password. */
    static final Set<String> SECRET_KEYS = Set.of("DSN", "Password");

    @Override
    public String name() {
        return "mysql";
    }

    /** The datasource named by {@code dao.MysqlName} ({@code dao} is {@code owner} for a feature DAO). */
    static MysqlDatasource datasource(ComponentConfig owner, ComponentConfig dao, PluginContext context) {
        String name = dao.string("MysqlName");
        if (name.isEmpty()) {
            String where = dao == owner ? "MysqlName" : dao.path().substring(dao.path().lastIndexOf('.') + 1) + ".MysqlName";
            throw new ConfigException(owner.component(), where, "is required");
        }
        return context.datasource(CONFS, name, MysqlDatasource.class);
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
                return new MysqlDatasource(dot < 0 ? path : path.substring(dot + 1), config, context.metrics());
            }

            @Override
            public List<ConfigException> check(ComponentConfig config) {
                return MysqlDatasource.Settings.check(config);
            }

            @Override
            public Set<String> secretKeys() {
                return SECRET_KEYS;
            }
        });
    }

    @Override
    public List<FeatureDaoFactory> featureDaoFactories() {
        return List.of(FeatureDaoFactory.of("mysql", MysqlFeatureDao::new));
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(RecallFactory.of("UserCustomRecall", ADAPTERS, MysqlRecalls.UserCustom::new),
                RecallFactory.of("UserCollaborativeFilterRecall", ADAPTERS, MysqlRecalls.UserCf::new),
                RecallFactory.of("UserTopicRecall", ADAPTERS, MysqlRecalls.UserTopic::new));
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(FilterFactory.of("User2ItemExposureFilter", ADAPTERS, MysqlExposureFilter::new));
    }
}
