package io.recengine.core.match;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.FeatureRow;
import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.RowSchema;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
                    : List.copyOf(new LinkedHashSet<>(List.of(select.replace(" ", "").split(",")))));
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

    /**
     * Immutable, thread-safe. Item loads read each candidate's shared row straight from the table
     * ({@link MatchEngine#detailRow}) and join it to the item by reference, seen through the selected
     * fields: no copy of values, no per-request maps of keys or rows.
     */
    static final class DetailFeatureDao implements FeatureDao {
        private final MatchEngine engine;
        private final String table;
        private final String keyProperty;
        private final boolean keyIsId;
        /** The selected fields in config order; null for all. */
        private final String[] select;
        /** The selection of the latest row schema seen (a reload of the table brings a new schema). */
        private volatile Selection selection;

        private record Selection(RowSchema base, RowSchema fields) {
        }

        DetailFeatureDao(MatchEngine engine, String table, String keyProperty, List<String> select) {
            this.engine = engine;
            this.table = table;
            this.keyProperty = keyProperty;
            this.keyIsId = keyProperty.isEmpty() || keyProperty.equals("id") || keyProperty.equals("item_id");
            this.select = select == null ? null : select.toArray(new String[0]);
        }

        /** Reads the embedded tables only: loads run on the request thread. */
        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public void loadUserFeatures(RecContext context, User user) {
            String key = keyProperty.isEmpty() || keyProperty.equals("uid") ? user.id() : user.stringProperty(keyProperty);
            if (key.isEmpty()) {
                return;
            }
            Map<String, String> row = row(key);
            if (row != null) {
                if (select == null) {
                    row.forEach(user::setProperty);
                } else {
                    for (String f : select) {
                        String v = row.get(f);
                        if (v != null) { // a missing field leaves what the user has
                            user.setProperty(f, v);
                        }
                    }
                }
            }
        }

        @Override
        public void loadItemFeatures(RecContext context, User user, List<Item> items) {
            // the lookups first, the joins after: a join takes the item's monitor, whose atomic instruction
            // would keep the next item's lookup (cache misses on the id, the table and the row) from
            // overlapping this one's; apart, the lookups of a thousand items overlap their misses
            int n = items.size();
            FeatureRow[] rows = new FeatureRow[n];
            for (int i = 0; i < n; i++) {
                Item it = items.get(i);
                String key = keyIsId ? it.id() : it.stringProperty(keyProperty);
                if (key.isEmpty()) {
                    continue;
                }
                FeatureRow row = detailRow(key);
                if (row != null) {
                    rows[i] = select == null ? row : row.select(fields(row.schema().base()));
                }
            }
            for (int i = 0; i < n; i++) {
                if (rows[i] != null) {
                    items.get(i).joinRow(rows[i]);
                }
            }
        }

        /** The selected fields as a selection of {@code base}, built once per schema. */
        private RowSchema fields(RowSchema base) {
            Selection s = selection;
            if (s == null || s.base() != base) {
                s = new Selection(base, base.select(List.of(select)));
                selection = s;
            }
            return s.fields();
        }

        private FeatureRow detailRow(String key) {
            try {
                return engine.detailRow(table, key);
            } catch (IllegalArgumentException e) {
                throw new ComponentException("detail_table " + table, ComponentException.Kind.DEPENDENCY, e.getMessage(), e);
            }
        }

        private Map<String, String> row(String key) {
            try {
                return engine.row(table, key);
            } catch (IllegalArgumentException e) {
                throw new ComponentException("detail_table " + table, ComponentException.Kind.DEPENDENCY, e.getMessage(), e);
            }
        }
    }
}
