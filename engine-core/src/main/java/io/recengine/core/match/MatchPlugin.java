package io.recengine.core.match;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Components over the embedded match engine: the {@code detail_table} feature DAO, which loads user or
 * item features from a detail table of {@code MatchEngineConf}, so the embedded default needs no
 * database.
 *
 * <p>{@code FeatureDaoConf}: {@code AdapterType: "detail_table"}, {@code DetailTable} (the table),
 * {@code FeatureStore} ({@code user} or {@code item}), {@code FeatureKey} as PAI-Rec writes it
 * ({@code user:<property>} or {@code item:<property>}, default {@code user:uid} / the item id), and
 * {@code UserSelectFields} / {@code ItemSelectFields} ({@code *} or a comma list; default all fields but
 * the primary key).
 */
public final class MatchPlugin implements Plugin {

    public static final String DETAIL_TABLE = "detail_table";

    @Override
    public String name() {
        return "builtin-match";
    }

    @Override
    public List<FeatureDaoFactory> featureDaoFactories() {
        return List.of(new DetailFeatureDaoFactory());
    }

    static final class DetailFeatureDaoFactory implements FeatureDaoFactory {
        @Override
        public String type() {
            return DETAIL_TABLE;
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            List<ConfigException> problems = new ArrayList<>();
            try {
                if (config.string("DetailTable").isEmpty()) {
                    problems.add(new ConfigException(config.component(), "DetailTable", "is required"));
                }
                key(config);
            } catch (ConfigException e) {
                problems.add(e);
            }
            return problems;
        }

        @Override
        public FeatureDao create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            MatchEngine engine = context.service(MatchEngine.class).orElseThrow(() -> new ConfigException(
                    config.component(), "AdapterType", "the embedded match engine is not available"));
            String table = config.string("DetailTable");
            if (!engine.detailTables().contains(table)) {
                throw new ConfigException(config.component(), "DetailTable", "no detail table '" + table
                        + "' in MatchEngineConf.Tables; detail tables: " + engine.detailTables());
            }
            boolean user = !"item".equalsIgnoreCase(config.string("FeatureStore", "user"));
            String select = user ? config.string("UserSelectFields", "*") : config.string("ItemSelectFields", "*");
            return new DetailFeatureDao(engine, table, key(config), select.trim().equals("*") ? null
                    : Set.of(select.replace(" ", "").split(",")));
        }

        /** The property holding the key: {@code FeatureKey} "user:uid" / "item:id", else empty (uid / item id). */
        private static String key(ComponentConfig config) {
            String fk = config.string("FeatureKey");
            if (fk.isEmpty()) {
                return "";
            }
            int colon = fk.indexOf(':');
            if (colon < 0 || colon == fk.length() - 1) {
                throw new ConfigException(config.component(), "FeatureKey", "must be user:<property> or item:<property>");
            }
            return fk.substring(colon + 1);
        }
    }

    /** Immutable, thread-safe. */
    static final class DetailFeatureDao implements FeatureDao {
        private final MatchEngine engine;
        private final String table;
        private final String keyProperty;
        private final Set<String> select;

        DetailFeatureDao(MatchEngine engine, String table, String keyProperty, Set<String> select) {
            this.engine = engine;
            this.table = table;
            this.keyProperty = keyProperty;
            this.select = select;
        }

        /** Copies the selected fields of {@code row} straight into the target (no intermediate map). */
        private void copy(Map<String, String> row, java.util.function.BiConsumer<String, Object> target) {
            if (select == null) {
                row.forEach(target);
            } else {
                for (String f : select) {
                    String v = row.get(f);
                    if (v != null) {
                        target.accept(f, v);
                    }
                }
            }
        }

        @Override
        public void loadUserFeatures(RecContext context, User user) {
            String key = keyProperty.isEmpty() || keyProperty.equals("uid") ? user.id() : user.stringProperty(keyProperty);
            if (key.isEmpty()) {
                return;
            }
            try {
                Map<String, String> row = engine.lookup(table, List.of(key)).get(key);
                if (row != null) {
                    copy(row, user::setProperty);
                }
            } catch (IllegalArgumentException e) {
                throw new ComponentException("detail_table " + table, ComponentException.Kind.DEPENDENCY, e.getMessage(), e);
            }
        }

        @Override
        public void loadItemFeatures(RecContext context, User user, List<Item> items) {
            Map<String, Item> byKey = new LinkedHashMap<>();
            for (Item it : items) {
                String key = keyProperty.isEmpty() || keyProperty.equals("id") || keyProperty.equals("item_id")
                        ? it.id() : it.stringProperty(keyProperty);
                if (!key.isEmpty()) {
                    byKey.putIfAbsent(key, it);
                }
            }
            if (byKey.isEmpty()) {
                return;
            }
            Map<String, Map<String, String>> rows;
            try {
                rows = engine.lookup(table, byKey.keySet());
            } catch (IllegalArgumentException e) {
                throw new ComponentException("detail_table " + table, ComponentException.Kind.DEPENDENCY, e.getMessage(), e);
            }
            for (Item it : items) {
                String key = keyProperty.isEmpty() || keyProperty.equals("id") || keyProperty.equals("item_id")
                        ? it.id() : it.stringProperty(keyProperty);
                Map<String, String> row = rows.get(key);
                if (row != null) {
                    copy(row, it::setProperty);
                }
            }
        }
    }
}
