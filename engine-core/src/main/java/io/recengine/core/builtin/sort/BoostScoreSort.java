package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.core.expr.Expression;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * PAI-Rec's {@code BoostScoreSort}: for each item, the first of {@code BoostScoreConditions[]} whose
 * {@code Conditions} hold (all of them in order with {@code BoostScoreConditionsFilterAll}) sets the score to
 * its {@code Expression}, whose variables are the item's properties and {@code score}. An item lacking a
 * variable of the expression keeps its score (PAI-Rec's evaluation fails there). The order is not changed.
 * {@code Debug} keeps the previous score in the property {@code org_score}.
 */
public final class BoostScoreSort implements Sort {

    public static final String TYPE = "BoostScoreSort";

    record Boost(Conditions conditions, Expression expression) {
    }

    private final List<Boost> boosts;
    private final boolean all;
    private final boolean debug;

    BoostScoreSort(List<Boost> boosts, boolean all, boolean debug) {
        this.boosts = List.copyOf(boosts);
        this.all = all;
        this.debug = debug;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        for (Item item : items) {
            for (Boost b : boosts) {
                if (!b.conditions().test(user::property, item::property)) {
                    continue;
                }
                if (hasVariables(b.expression(), item)) {
                    double value = b.expression().evaluate(name -> "score".equals(name) ? item.score()
                            : Values.toDouble(item.property(name), 0));
                    if (debug) {
                        item.setProperty("org_score", item.score());
                    }
                    item.setScore(value);
                }
                if (!all) {
                    break;
                }
            }
        }
        return new ArrayList<>(items);
    }

    private static boolean hasVariables(Expression e, Item item) {
        for (String v : e.variables()) {
            if (!"score".equals(v) && item.property(v) == null) {
                return false;
            }
        }
        return true;
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            List<Boost> boosts = new ArrayList<>();
            List<ComponentConfig> confs = keys.objects(config, "BoostScoreConditions");
            if (confs.isEmpty()) {
                keys.problem("BoostScoreConditions", "needs at least one {Conditions, Expression}");
            }
            for (ComponentConfig c : confs) {
                Conditions conditions = keys.conditions(c, "Conditions");
                Expression e = SortExpressions.parse(keys, c, "Expression");
                if (e != null) {
                    boosts.add(new Boost(conditions, e));
                }
            }
            return new BoostScoreSort(boosts, keys.bool(config, "BoostScoreConditionsFilterAll", false),
                    keys.bool(config, "Debug", false));
        }
    }
}
