package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A whole table read into memory and read again in the background every few seconds, as PAI-Rec's
 * {@code loopLoad} DAOs do ({@code ItemCustomFilter}, {@code BoostScoreByWeight}): an empty or failed read
 * keeps the last value, and while nothing has been loaded a request reads the table itself.
 *
 * @param <T> the loaded value
 */
final class PeriodicLoad<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicLoad.class);

    private final String component;
    private final Supplier<T> load;
    private final Predicate<T> empty;
    private final ScheduledExecutorService reloader;
    private volatile T value;

    PeriodicLoad(String component, String thread, int everySeconds, T initial, Predicate<T> empty, Supplier<T> load) {
        this.component = component;
        this.load = load;
        this.empty = empty;
        this.value = initial;
        this.reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(this::reload, 0, everySeconds, TimeUnit.SECONDS);
    }

    private void reload() {
        try {
            T loaded = load.get();
            if (!empty.test(loaded)) {
                value = loaded;
            }
        } catch (ComponentException e) {
            LOG.warn("{}: reload failed, keeping the last value: {}", component, e.getMessage());
        }
    }

    /** The last non-empty value; read on the caller's thread while there is none (a failure is thrown). */
    T get() {
        T v = value;
        return empty.test(v) ? load.get() : v;
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
