package io.recengine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The factories plugins declare with {@code RecallFactory.of(...)} and its kin. */
class DeclaredFactoryTest {

    private static final ComponentConfig CONFIG = ComponentConfig.of("RecallConfs[0]", Map.of("Name", "r1", "RecallCount", 5));

    @Test
    void aDeclaredRecallFactoryHasItsTypeAndAdaptersAndHandsTheConfigToItsConstructor() {
        AtomicReference<ComponentConfig> seen = new AtomicReference<>();
        Recall made = (context, user) -> List.of();
        RecallFactory f = RecallFactory.of("UserCustomRecall", Set.of("redis"), (config, context) -> {
            seen.set(config);
            return made;
        });
        assertEquals("UserCustomRecall", f.type());
        assertEquals(Set.of("redis"), f.adapterTypes());
        assertSame(made, f.create(CONFIG, null));
        assertSame(CONFIG, seen.get());
        assertEquals(List.of(), f.check(CONFIG), "no check declared: no problem found");
    }

    @Test
    void theDeclaredCheckIsWhatValidateAndRequireValidSee() {
        ConfigException problem = new ConfigException("'r1' (FilterConfs[0])", "Table", "is required");
        FilterFactory f = FilterFactory.of("ItemCustomFilter", Set.of("hologres"), (c, ctx) -> {
            throw new AssertionError("not built");
        }, c -> List.of(problem));
        assertEquals(List.of(problem), f.check(CONFIG));
        assertSame(problem, assertThrows(ConfigException.class, () -> f.requireValid(CONFIG)));
    }

    @Test
    void sortAndFeatureDaoFactoriesServeEveryAdapter() {
        SortFactory sort = SortFactory.of("BoostScoreByWeight", (c, ctx) -> (context, user, items) -> items, ComponentFactory.Checker.NONE);
        FeatureDaoFactory dao = FeatureDaoFactory.of("redis", (c, ctx) -> null);
        assertTrue(sort.adapterTypes().isEmpty());
        assertTrue(dao.adapterTypes().isEmpty());
        assertEquals("BoostScoreByWeight", sort.type());
        assertEquals("redis", dao.type());
    }
}
