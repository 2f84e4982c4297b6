package io.recengine.core.builtin.filter;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.recengine.core.builtin.filter.Fixtures.CONTEXT;
import static io.recengine.core.builtin.filter.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PAI-Rec's {@code ItemStateFilter} has no Go test; cases worked by hand from
 * {@code module/item_state_filter_hologres_dao.go}, on a detail table of the embedded match engine.
 */
class ItemStateFilterTest {

    private static final Map<String, Map<String, String>> ROWS = Map.of(
            "a", Map.of("id", "a", "status", "1", "stock", "5", "title", "A"),
            "b", Map.of("id", "b", "status", "0", "stock", "9", "title", "B"),
            "c", Map.of("id", "c", "status", "1", "stock", "0", "title", "C"));

    private static final MatchEngine ENGINE = new MatchEngine() {
        @Override
        public MatchResult read(MatchQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Map<String, String>> lookup(String table, Collection<String> keys) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            keys.forEach(k -> {
                if (ROWS.containsKey(k)) {
                    out.put(k, ROWS.get(k));
                }
            });
            return out;
        }

        @Override
        public Set<String> detailTables() {
            return Set.of("item_state");
        }
    };

    private static Filter filter(Map<String, Object> dao, Object filterParams) {
        Map<String, Object> c = new LinkedHashMap<>(Map.of("Name", "state", "FilterType", "ItemStateFilter",
                "ItemStateDaoConf", dao));
        if (filterParams != null) {
            c.put("FilterParams", filterParams);
        }
        return new ItemStateFilter.Factory().create(ComponentConfig.of("FilterConfs[0]", c),
                TestPluginContext.builder().service(MatchEngine.class, ENGINE).build());
    }

    private static List<Item> items() {
        return List.of(new Item("a", "r", 3), new Item("b", "r", 2), new Item("x", "r", 1), new Item("c", "r", 0));
    }

    @Test
    void rowsGiveSelectedFieldsAndFilterParamsDecideMissingRowsGetDefaults() {
        Filter f = filter(Map.of("AdapterType", "detail_table", "DetailTable", "item_state",
                        "ItemFieldName", "id", "SelectFields", "status,stock", "DefaultFieldValues", Map.of("status", 1, "stock", 1)),
                List.of(Map.of("Name", "status", "Operator", "equal", "Type", "int", "Value", 1),
                        Map.of("Name", "stock", "Operator", "greater", "Type", "int", "Value", 0)));
        FilterResult r = f.filter(CONTEXT, new User("u"), items());
        assertThat(r.kept()).extracting(Item::id).containsExactly("a", "x");
        assertThat(r.removed()).extracting(Item::id).containsExactly("b", "c");
        assertThat(r.kept().get(0).properties()).containsEntry("status", "1").containsEntry("stock", "5")
                .doesNotContainKey("title");
        assertThat(r.kept().get(1).properties()).containsEntry("status", 1);
    }

    @Test
    void withoutFilterParamsEveryItemStaysAndGetsItsRow() {
        Filter f = filter(Map.of("AdapterType", "detail_table", "DetailTable", "item_state", "SelectFields", "*"), null);
        FilterResult r = f.filter(CONTEXT, new User("u"), items());
        assertThat(r.kept()).extracting(Item::id).containsExactly("a", "b", "x", "c");
        assertThat(r.kept().get(1).property("title")).isEqualTo("B");
    }

    @Test
    void userConditionsSeeTheUser() {
        Filter f = filter(Map.of("AdapterType", "detail_table", "DetailTable", "item_state", "SelectFields", "stock"),
                List.of(Map.of("Name", "stock", "Operator", "greater", "Type", "int", "Value", "user.min_stock")));
        User u = new User("u");
        u.setProperty("min_stock", 4);
        assertThat(f.filter(CONTEXT, u, items()).kept()).extracting(Item::id).containsExactly("a", "b");
    }

    @Test
    void otherAdaptersAndUnknownTablesAreRefused() {
        assertThat(check(new ItemStateFilter.Factory(), Map.of("Name", "state", "ItemStateDaoConf",
                Map.of("AdapterType", "hologres", "HologresName", "h", "WhereClause", "status=1"))))
                .extracting(ConfigException::key).containsExactly("AdapterType", "DetailTable", "WhereClause");
        assertThatThrownBy(() -> filter(Map.of("AdapterType", "detail_table", "DetailTable", "nope"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no detail table 'nope'")
                .hasMessageContaining("[item_state]");
    }
}
