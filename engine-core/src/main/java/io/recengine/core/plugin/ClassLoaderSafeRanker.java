package io.recengine.core.plugin;

import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Ranker} that runs every call, {@code close()} included, with the plugin's class loader as
 * thread context class loader. Built by the registry's factories; engine code never sees a bare
 * plugin ranker.
 */
public final class ClassLoaderSafeRanker implements Ranker {

    private final Ranker delegate;
    private final ClassLoader classLoader;

    public ClassLoaderSafeRanker(Ranker delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            return delegate.score(request);
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            delegate.close();
        }
    }

    /** The plugin's own object, undecorated. */
    public Ranker unwrap() {
        return delegate;
    }

    /** The class loader set around calls. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
