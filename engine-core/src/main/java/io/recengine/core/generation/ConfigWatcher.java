package io.recengine.core.generation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches the config file and the experiment file by polling their modification time, size and file key
 * every interval. Polling rather than a {@link java.nio.file.WatchService}: a WatchService watches
 * directories, misses a file replaced through a symbolic link (how Kubernetes updates a mounted ConfigMap:
 * the {@code ..data} link is swapped), and is itself a 2 to 10 second poll on some platforms; two
 * {@code stat} calls a second cost nothing. A change fires once the files stayed the same for one more
 * poll, so an editor's truncate-then-write is one reload of the finished file, not a rejected half. The
 * reload compares the contents' hash, so a touch without a change is a no-op. Thread-safe.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Supplier<List<Path>> files;
    private final Runnable onChange;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Reloads.daemon("recengine-config-watch"));
    /** What the files looked like at the last reload this watcher fired (or at start). */
    private List<Object> seen;
    /** A changed state seen at the last poll, waiting to be seen once more. */
    private List<Object> candidate;

    /**
     * @param files    the files to watch, asked at every poll (the experiment file may change with the config)
     * @param onChange called on the watcher's thread when they changed
     */
    public ConfigWatcher(Supplier<List<Path>> files, Runnable onChange) {
        this.files = files;
        this.onChange = onChange;
        this.seen = state();
    }

    /** Starts polling every {@code intervalMillis}. */
    public ConfigWatcher start(long intervalMillis) {
        timer.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    void poll() {
        try {
            List<Object> now = state();
            if (now.equals(seen)) {
                candidate = null;
            } else if (now.equals(candidate)) {
                seen = now;
                candidate = null;
                onChange.run();
            } else {
                candidate = now;
            }
        } catch (RuntimeException e) {
            // the timer stops for good on an exception: log and keep watching
            LOG.warn("watching the config files failed", e);
        }
    }

    private List<Object> state() {
        List<Object> out = new ArrayList<>();
        for (Path p : files.get()) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(List.of(p.toString(), a.lastModifiedTime().toMillis(), a.size(),
                        String.valueOf(a.fileKey())));
            } catch (NoSuchFileException e) {
                out.add(List.of(p.toString(), "missing"));
            } catch (IOException e) {
                out.add(List.of(p.toString(), "unreadable: " + e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
