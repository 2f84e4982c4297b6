package io.recengine.core.builtin;

import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.SortFactory;

import java.util.List;

/**
 * The components that ship inside the engine: PAI-Rec's code-registered {@code ContextItemRecall},
 * {@code UniqueFilter} and {@code ItemRankScore}, plus {@code MockRecall}, {@code AdjustCountFilter},
 * {@code DiversityRuleSort} and the in-memory {@code LocalExposureFilter}.
 * Loaded through the same {@link java.util.ServiceLoader} path as every other plugin.
 */
public final class BuiltinPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(new ContextItemRecall.Factory(), new MockRecall.Factory());
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(new UniqueFilter.Factory(), new AdjustCountFilter.Factory(), new LocalExposureFilter.Factory());
    }

    @Override
    public List<SortFactory> sortFactories() {
        return List.of(new ItemRankScore.Factory(), new DiversityRuleSort.Factory());
    }
}
