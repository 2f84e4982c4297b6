package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in {@code file} callback sink: JSON lines (one row per line, columns in row order), rotated by
 * size. {@code write} returns once the rows are handed to the OS (flushed), or synced to disk with
 * {@code Fsync: true}.
 *
 * <p>Config: {@code FileConfs[DataSource.Name]} when that entry exists, else the {@code DataSource} object
 * itself: {@code Path} (directory, default {@code data/callback}, relative to the config file),
 * {@code FileName} (default {@code <DataSource.Name>.log}, or {@code callback.log}), {@code MaxFileSizeMB}
 * (default 256; the active file is renamed to {@code <FileName>.<n>} when a write takes it past the limit),
 * {@code MaxFiles} (rotated files kept, default 10), {@code Fsync} (default false). Thread-safe.
 */
public final class FileCallbackSink implements CallbackSink {

    private final Path dir;
    private final String fileName;
    private final long maxBytes;
    private final int maxFiles;
    private final boolean fsync;
    private OutputStream out;
    private java.nio.channels.FileChannel channel;
    private long size;
    private long rotation;

    FileCallbackSink(Path dir, String fileName, long maxBytes, int maxFiles, boolean fsync) throws IOException {
        this.dir = dir;
        this.fileName = fileName;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.fsync = fsync;
        Files.createDirectories(dir);
        this.rotation = rotatedFiles().stream().mapToLong(this::rotationNumber).max().orElse(0);
        open();
    }

    private void open() throws IOException {
        channel = java.nio.channels.FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 64 * 1024);
    }

    @Override
    public synchronized void write(List<CallbackRow> rows) {
        try {
            if (out == null) {
                throw new IOException("closed");
            }
            RowJson.writeLines(out, rows);
            out.flush();
            if (fsync) {
                channel.force(false);
            }
            size = channel.size();
            if (size >= maxBytes) {
                rotate();
            }
        } catch (IOException e) {
            throw new ComponentException("file sink " + dir.resolve(fileName), ComponentException.Kind.DEPENDENCY,
                    "write failed: " + e, e);
        }
    }

    private void rotate() throws IOException {
        out.close();
        rotation++;
        Files.move(dir.resolve(fileName), dir.resolve(fileName + "." + rotation));
        List<Path> rotated = rotatedFiles();
        rotated.sort((a, b) -> Long.compare(rotationNumber(a), rotationNumber(b)));
        for (int i = 0; i < rotated.size() - maxFiles; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
        open();
    }

    private List<Path> rotatedFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> rotationNumber(p) > 0).forEach(out::add);
        }
        return out;
    }

    private long rotationNumber(Path p) {
        String n = p.getFileName().toString();
        if (!n.startsWith(fileName + ".")) {
            return -1;
        }
        try {
            return Long.parseLong(n.substring(fileName.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The active file. */
    public synchronized Path file() {
        return dir.resolve(fileName);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.flush();
                channel.force(false);
                out.close();
            } catch (IOException e) {
                // best effort at shutdown
            }
            out = null;
        }
    }

    @Override
    public String toString() {
        return "FileCallbackSink{" + dir.resolve(fileName) + "}";
    }

    /** {@code DataSource.Type: "file"}. */
    public static final class Factory implements CallbackSinkFactory {

        @Override
        public String type() {
            return "file";
        }

        @Override
        public CallbackSink create(ComponentConfig config, PluginContext context) {
            String name = config.string("Name");
            ComponentConfig c = name.isEmpty() ? config
                    : context.datasourceConfig("FileConfs", name).orElse(config);
            String path = c.string("Path", "data/callback");
            String fileName = c.string("FileName", name.isEmpty() ? "callback.log" : name + ".log");
            double mb = c.decimal("MaxFileSizeMB", 256);
            if (mb <= 0) {
                throw new ConfigException(c.component(), "MaxFileSizeMB", "must be positive, got " + mb);
            }
            int maxFiles = c.integer("MaxFiles", 10);
            try {
                return new FileCallbackSink(context.resolvePath(path), fileName, (long) (mb * 1024 * 1024),
                        Math.max(0, maxFiles), c.bool("Fsync", false));
            } catch (IOException e) {
                throw new ConfigException(c.component(), "Path", "cannot open " + path + ": " + e);
            }
        }
    }
}
