package io.recengine.core.plugin;

/**
 * Sets the current thread's context class loader until {@link #close()} restores the previous one:
 * {@code try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) { ... }}.
 * Must be closed on the thread that opened it.
 */
public final class ThreadContextClassLoader implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    public ThreadContextClassLoader(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
