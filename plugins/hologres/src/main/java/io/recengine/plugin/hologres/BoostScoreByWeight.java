package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PAI-Rec's {@code BoostScoreByWeight} sort ({@code SortConfs[]} with {@code BoostScoreByWeightDao}:
 * {@code AdapterType: "hologres"}, {@code HologresName}, {@code HologresTableName}, {@code ItemFieldName},
 * {@code WeightFieldName}): the table of item weights, {@code SELECT <ItemFieldName>, <WeightFieldName> FROM
 * <HologresTableName>}, is held in memory and read again every {@code TimeInterval} s (PAI-Rec re-reads
 * without pause at 0; here 0 means every 60 s). An item with a weight gets {@code score * weight}; the order
 * is not changed (a later sort orders by the new scores), as in PAI-Rec. A row whose weight is NULL or not
 * a number is skipped.
 */
final class BoostScoreByWeight implements Sort {

    static final String TYPE = "BoostScoreByWeight";
    private static final int DEFAULT_INTERVAL_S = 60;

    private final String component;
    private final PeriodicLoad<Map<String, Double>> weights;

    /** What {@code validate} and start-up refuse alike. */
    static List<ConfigException> check(ComponentConfig c) {
        List<ConfigException> problems = new java.util.ArrayList<>();
        Conf.requireAll(c, "BoostScoreByWeightDao", problems, "HologresName", "HologresTableName", "ItemFieldName",
                "WeightFieldName");
        if (c.integer("TimeInterval", 0) < 0) {
            problems.add(new ConfigException(c.component(), "TimeInterval", "want seconds >= 0, got " + c.integer("TimeInterval", 0)));
        }
        return problems;
    }

    BoostScoreByWeight(ComponentConfig c, PluginContext context) {
        Conf.throwFirst(check(c));
        this.component = "sort " + c.component();
        String block = "BoostScoreByWeightDao";
        ComponentConfig dao = c.child(block);
        HologresDatasource db = Conf.datasource(c, block, dao, context);
        String table = dao.string("HologresTableName");
        String item = dao.string("ItemFieldName");
        String weight = dao.string("WeightFieldName");
        int interval = c.integer("TimeInterval", 0);
        String sql = "SELECT " + item + ", " + weight + " FROM " + table;
        this.weights = new PeriodicLoad<>(component, "hologres-boost-by-weight-" + c.name(),
                interval > 0 ? interval : DEFAULT_INTERVAL_S, Map.of(), Map::isEmpty,
                () -> db.query(component, sql, 0, ps -> {
                }, rs -> {
                    Map<String, Double> out = new HashMap<>();
                    while (rs.next()) {
                        String id = rs.getString(1);
                        double w = rs.getDouble(2);
                        if (id != null && !rs.wasNull()) {
                            out.put(id, w);
                        }
                    }
                    return Map.copyOf(out);
                }));
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        Map<String, Double> w = weights.get();
        for (Item item : items) {
            Double f = w.get(item.id());
            if (f != null) {
                item.setScore(item.score() * f);
            }
        }
        return new java.util.ArrayList<>(items);
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return TYPE + " " + component;
    }
}
