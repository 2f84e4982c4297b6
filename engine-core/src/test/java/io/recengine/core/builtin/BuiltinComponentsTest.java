package io.recengine.core.builtin;

import io.recengine.testkit.TestClock;
import io.recengine.core.builtin.sort.DiversityRuleSort;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinComponentsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final PluginContext ctx = TestPluginContext.builder().clock(clock).build();

    private static List<Item> items(String... ids) {
        List<Item> out = new ArrayList<>();
        double s = 1.0;
        for (String id : ids) {
            out.add(new Item(id, "r", s));
            s -= 0.01;
        }
        return out;
    }

    @Test
    void exposureFilterDropsWhatWasShownUntilTheIntervalPasses() {
        Filter f = new LocalExposureFilter.Factory().create(ComponentConfig.of("FilterConfs[0]",
                Map.of("Name", "exp", "FilterType", "LocalExposureFilter", "WriteLog", true, "TimeInterval", 60)), ctx);
        RecContext rc = RecContext.builder("r").build();
        User u = new User("u1");
        assertThat(f.hasAfterResponse()).isTrue();
        f.afterResponse(rc, u, items("a", "b"));
        FilterResult r = f.filter(rc, u, items("a", "b", "c"));
        assertThat(r.kept()).extracting(Item::id).containsExactly("c");
        assertThat(r.removed()).extracting(Item::id).containsExactly("a", "b");
        assertThat(f.filter(rc, new User("u2"), items("a")).kept()).hasSize(1);
        clock.advance(Duration.ofSeconds(61));
        assertThat(f.filter(rc, u, items("a", "b", "c")).kept()).hasSize(3);
    }

    @Test
    void exposureFilterWithoutWriteLogRecordsNothing() {
        Filter f = new LocalExposureFilter.Factory().create(ComponentConfig.of("x",
                Map.of("Name", "exp", "FilterType", "LocalExposureFilter")), ctx);
        RecContext rc = RecContext.builder("r").build();
        assertThat(f.hasAfterResponse()).isFalse();
        f.afterResponse(rc, new User("u"), items("a"));
        assertThat(f.filter(rc, new User("u"), items("a")).kept()).hasSize(1);
    }

    @Test
    void diversityKeepsSameCategoryItemsApart() {
        Sort s = new DiversityRuleSort.Factory().create(ComponentConfig.of("SortConfs[0]", Map.of("Name", "div",
                "SortType", "DiversityRuleSort", "DiversityRules",
                List.of(Map.of("Dimensions", List.of("category"), "IntervalSize", 1)))), ctx);
        List<Item> in = items("a1", "a2", "a3", "b1", "b2", "c1");
        String[] cats = {"a", "a", "a", "b", "b", "c"};
        for (int i = 0; i < in.size(); i++) {
            in.get(i).setProperty("category", cats[i]);
        }
        List<Item> out = s.sort(RecContext.builder("r").size(6).build(), new User("u"), in);
        assertThat(out).extracting(Item::id).containsExactly("a1", "b1", "a2", "b2", "a3", "c1");
    }

    @Test
    void diversityWindowLimitsFrequency() {
        Sort s = new DiversityRuleSort.Factory().create(ComponentConfig.of("SortConfs[0]", Map.of("Name", "div",
                "SortType", "DiversityRuleSort", "DiversityRules",
                List.of(Map.of("Dimensions", List.of("category"), "WindowSize", 3, "FrequencySize", 2)))), ctx);
        List<Item> in = items("a1", "a2", "a3", "b1");
        for (Item i : in) {
            i.setProperty("category", i.id().substring(0, 1));
        }
        List<Item> out = s.sort(RecContext.builder("r").size(4).build(), new User("u"), in);
        assertThat(out).extracting(Item::id).containsExactly("a1", "a2", "b1", "a3");
    }

    @Test
    void diversityNeedsRules() {
        assertThat(new DiversityRuleSort.Factory().check(ComponentConfig.of("SortConfs[0]",
                Map.of("Name", "div", "SortType", "DiversityRuleSort"))))
                .extracting(ConfigException::getMessage)
                .anyMatch(m -> m.contains("key DiversityRules"));
    }
}
