package io.recengine.core.builtin;

import io.recengine.spi.FilterFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.RecallCacheFactory;
import io.recengine.spi.RecallFactory;

import java.util.List;

/**
 * The components that ship inside the engine: PAI-Rec's code-registered {@code ContextItemRecall} and
 * {@code UniqueFilter}, plus {@code MockRecall}, {@code AdjustCountFilter} and the in-memory
 * {@code LocalExposureFilter}. The sorts are in {@link io.recengine.core.builtin.sort.SortsPlugin}.
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

    /** PAI-Rec's {@code CacheAdapter: localCache}; {@code redis} comes with the redis plugin. */
    @Override
    public List<RecallCacheFactory> recallCacheFactories() {
        return List.of(new LocalRecallCache.Factory());
    }
}
