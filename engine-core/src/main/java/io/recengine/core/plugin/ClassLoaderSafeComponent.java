package io.recengine.core.plugin;

import java.util.Objects;

/**
 * The common part of the {@code ClassLoaderSafe*} decorators: the plugin's product, the class loader
 * set as thread context class loader around every call, and {@code close()} under that loader. Each
 * subclass adds its kind's work methods. Engine code never sees a bare plugin product.
 *
 * @param <T> the SPI product type
 */
abstract class ClassLoaderSafeComponent<T extends AutoCloseable> {

    final T delegate;
    final ClassLoader classLoader;

    ClassLoaderSafeComponent(T delegate, ClassLoader classLoader) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    /** Sets the plugin's loader until the returned scope is closed. */
    final ThreadContextClassLoader swap() {
        return new ThreadContextClassLoader(classLoader);
    }

    public void close() {
        try (ThreadContextClassLoader ignored = swap()) {
            delegate.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + delegate + " failed", e);
        }
    }

    /** The plugin's own object, undecorated. */
    public T unwrap() {
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
