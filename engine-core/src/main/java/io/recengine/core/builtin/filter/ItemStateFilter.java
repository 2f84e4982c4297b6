package io.recengine.core.builtin.filter;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PAI-Rec's {@code ItemStateFilter} on the embedded match engine: {@code ItemStateDaoConf} with
 * {@code AdapterType: "detail_table"} and {@code DetailTable} (a {@code MatchEngineConf} detail table
 * keyed by item id). Each item's row gives the item its {@code SelectFields} ({@code *}: every field;
 * empty: none); an item without a row gets {@code DefaultFieldValues}. {@code FilterParams} are then
 * evaluated on those values (item side) and the user's properties: items for which they hold stay;
 * without {@code FilterParams} every item stays, as in PAI-Rec. Order is kept.
 *
 * <p>The {@code hologres} adapter is the Hologres plugin's. Other adapters and the keys the detail table has no use for
 * ({@code WhereClause}, {@code Features}, {@code GenerateUserDataExpr}) are refused as not supported yet.
 * {@code ItemStateCacheSize} / {@code ItemStateCacheTime} are accepted: the table is in memory already.
 */
public final class ItemStateFilter implements Filter {

    public static final String TYPE = "ItemStateFilter";
    static final String DETAIL_TABLE = "detail_table";

    record Settings(String table, Set<String> select, boolean selectAll, Map<String, Object> defaults,
                    Conditions conditions) {
    }

    private final String component;
    private final MatchEngine engine;
    private final Settings s;

    ItemStateFilter(String component, MatchEngine engine, Settings settings) {
        this.component = component;
        this.engine = engine;
        this.s = settings;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        if (items.isEmpty()) {
            return FilterResult.keepAll(items);
        }
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(i -> ids.add(i.id()));
        Map<String, Map<String, String>> rows;
        try {
            rows = engine.lookup(s.table(), ids);
        } catch (IllegalArgumentException e) {
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, e.getMessage(), e);
        }
        Map<String, Object> userProperties = user.properties();
        List<Item> kept = new ArrayList<>(items.size());
        List<Item> removed = new ArrayList<>();
        for (Item item : items) {
            Map<String, String> row = rows.get(item.id());
            Map<String, Object> values;
            if (row == null) {
                values = s.defaults();
            } else {
                values = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : row.entrySet()) {
                    if (e.getValue() != null && (s.selectAll() || s.select().contains(e.getKey()))) {
                        values.put(e.getKey(), e.getValue());
                    }
                }
            }
            if (!values.isEmpty()) {
                item.setProperties(values);
            }
            (s.conditions().test(userProperties, values) ? kept : removed).add(item);
        }
        return FilterResult.of(kept, removed);
    }

    static Settings read(ConfigReader r, String who) {
        ComponentConfig dao;
        try {
            dao = r.config().child("ItemStateDaoConf");
        } catch (ConfigException e) {
            r.problem(e);
            dao = ComponentConfig.empty("ItemStateDaoConf");
        }
        ConfigReader d = new ConfigReader(dao, who + " ItemStateDaoConf");
        String adapter = d.string("AdapterType", "");
        if (!DETAIL_TABLE.equals(adapter)) {
            d.problem("AdapterType", adapter.isEmpty() ? "is required; supported: [" + DETAIL_TABLE + "]"
                    : "'" + adapter + "' is not supported yet for ItemStateFilter; supported: [" + DETAIL_TABLE
                    + "] (and [hologres] with the hologres plugin)");
        }
        String table = d.require("DetailTable");
        if (!d.string("WhereClause", "").isEmpty()) {
            d.problem("WhereClause", "is not supported on a detail table yet; use FilterParams");
        }
        String fields = d.string("SelectFields", "").replace(" ", "");
        Set<String> select = fields.isEmpty() || "*".equals(fields) ? Set.of() : Set.of(fields.split(","));
        Map<String, Object> defaults = new LinkedHashMap<>();
        Object raw = dao.raw("DefaultFieldValues");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> defaults.put(String.valueOf(k), v));
        } else if (raw != null) {
            d.problem("DefaultFieldValues", "want an object of field -> value");
        }
        d.problems().forEach(r::problem);
        for (String key : List.of("GenerateUserDataExpr")) {
            if (!r.string(key, "").isEmpty()) {
                r.problem(key, "is not supported yet for ItemStateFilter");
            }
        }
        if (r.config().raw("Features") instanceof List<?> l && !l.isEmpty()) {
            r.problem("Features", "is not supported yet for ItemStateFilter");
        }
        r.integer("ItemStateCacheSize", 0, 0);
        r.integer("ItemStateCacheTime", 0, 0);
        Conditions conditions = Conditions.read(r, who, "FilterParams");
        return new Settings(table, select, "*".equals(fields), Collections.unmodifiableMap(defaults), conditions);
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Settings> {
        public Factory() {
            super(TYPE);
        }

        /** The embedded detail tables; a datastore plugin (hologres) serves its own adapter of this type. */
        @Override
        public Set<String> adapterTypes() {
            return Set.of(DETAIL_TABLE);
        }

        @Override
        Settings read(ConfigReader r, String who) {
            return ItemStateFilter.read(r, who);
        }

        @Override
        Filter build(Settings s, String who, PluginContext context) {
            MatchEngine engine = context.service(MatchEngine.class).orElseThrow(() -> new ConfigException(who,
                    "ItemStateDaoConf.AdapterType", "the embedded match engine is not available"));
            if (!engine.detailTables().contains(s.table())) {
                throw new ConfigException(who, "ItemStateDaoConf.DetailTable", "no detail table '" + s.table()
                        + "' in MatchEngineConf.Tables; detail tables: " + engine.detailTables());
            }
            return new ItemStateFilter(who, engine, s);
        }
    }
}
