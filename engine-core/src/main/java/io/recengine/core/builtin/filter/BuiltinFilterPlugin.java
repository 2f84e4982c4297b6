package io.recengine.core.builtin.filter;

import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;

import java.util.List;

/**
 * PAI-Rec's built-in filters of this package, loaded through the same {@link java.util.ServiceLoader}
 * path as every other plugin.
 */
public final class BuiltinFilterPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-filters";
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(new PriorityAdjustCountFilter.Factory(), new PriorityAdjustCountFilterV2.Factory(),
                new SnakeFilter.Factory(), new CompletelyFairFilter.Factory(), new ConditionFilter.Factory(),
                new DiversityAdjustCountFilter.Factory(), new GroupWeightCountFilter.Factory(),
                new DimensionFieldUniqueFilter.Factory(), new ItemStateFilter.Factory());
    }
}
