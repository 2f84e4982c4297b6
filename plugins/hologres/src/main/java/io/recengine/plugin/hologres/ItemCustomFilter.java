package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ItemCustomFilter} with a Hologres {@code DaoConf}, as PAI-Rec's {@code ItemCustomFilterHoloDao}:
 * one list of item ids for every request, {@code SELECT <FilterVal.SelectCol> FROM <HologresTableName>
 * [WHERE <FilterVal.WhereClause>]}, reloaded in the background every {@code TimeInterval} s; items in it
 * are removed. While no non-empty list has been loaded, a request loads it itself (as PAI-Rec does).
 * PAI-Rec reloads without pause when {@code TimeInterval} is 0; here 0 means every 60 s.
 */
final class ItemCustomFilter implements Filter {

    static final String TYPE = "ItemCustomFilter";
    static final int DEFAULT_INTERVAL_S = 60;

    private final String component;
    private final HologresDatasource db;
    private final String sql;
    private final PeriodicLoad<Set<String>> ids;

    ItemCustomFilter(ComponentConfig c, PluginContext context) {
        this.component = "filter " + c.component();
        ComponentConfig dao = c.child("DaoConf");
        this.db = Conf.datasource(c, "DaoConf", dao, context);
        String table = Conf.require(c, "DaoConf", dao, "HologresTableName");
        ComponentConfig val = c.child("FilterVal");
        String column = val.string("SelectCol");
        if (column.isEmpty()) {
            throw new ConfigException(c.component(), "FilterVal.SelectCol", "is required: the column of item ids");
        }
        String where = val.string("WhereClause");
        this.sql = "SELECT " + column + " FROM " + table + (where.isEmpty() ? "" : " WHERE " + where);
        int interval = c.integer("TimeInterval", 0);
        if (interval < 0) {
            throw new ConfigException(c.component(), "TimeInterval", "want seconds >= 0, got " + interval);
        }
        this.ids = new PeriodicLoad<>(component, "hologres-item-custom-filter-" + c.name(),
                interval > 0 ? interval : DEFAULT_INTERVAL_S, Set.of(), Set::isEmpty, this::load);
    }

    private Set<String> load() {
        return db.query(component, sql, 0, ps -> {
        }, rs -> {
            Set<String> out = new HashSet<>();
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null) {
                    out.add(v);
                }
            }
            return Set.copyOf(out);
        });
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Set<String> hidden = ids.get();
        return FilterResult.withoutIds(items, hidden);
    }

    @Override
    public void close() {
        ids.close();
    }

    @Override
    public String toString() {
        return TYPE + " " + component;
    }
}
