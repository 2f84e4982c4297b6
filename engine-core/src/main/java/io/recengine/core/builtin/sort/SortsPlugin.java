package io.recengine.core.builtin.sort;

import io.recengine.spi.Plugin;
import io.recengine.spi.SortFactory;

import java.util.List;

/**
 * PAI-Rec's built-in sorts, loaded through the same {@link java.util.ServiceLoader} path as every other
 * plugin. {@code docs/sorts.md} lists each with its keys.
 */
public final class SortsPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-sorts";
    }

    @Override
    public List<SortFactory> sortFactories() {
        return List.of(new ItemRankScore.Factory(), new DiversityRuleSort.Factory(), new AlgoScoreSort.Factory(),
                new CustomFieldSort.Factory(), new BoostScoreSort.Factory(), new DistinctIdSort.Factory(),
                new ConditionSort.Factory(), new MultiRecallMixSort.Factory(), new DppSort.Factory(),
                new SsdSort.Factory(), new TrafficControlSort.Factory());
    }
}
