package io.recengine.core.plugin;

import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;

import java.util.List;

/**
 * A {@link Ranker} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin ranker.
 */
public final class ClassLoaderSafeRanker extends ClassLoaderSafeComponent<Ranker> implements Ranker {

    public ClassLoaderSafeRanker(Ranker delegate, ClassLoader classLoader) {
        super(delegate, classLoader);
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        try (ThreadContextClassLoader ignored = swap()) {
            return delegate.score(request);
        }
    }

    /** No class-loader swap: a constant of the component. */
    @Override
    public boolean inProcess() {
        return delegate.inProcess();
    }
}
