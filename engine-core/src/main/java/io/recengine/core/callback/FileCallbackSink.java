package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 *
 * <p>The file only ever holds whole rows: a torn last row (a kill mid-write) is cut off when the file is
 * opened, and a failed write is undone, so a row written later never joins a partial one.
 */
public final class FileCallbackSink implements CallbackSink {

    private static final Logger LOG = LoggerFactory.getLogger(FileCallbackSink.class);
    /** The encoding buffer is dropped after a batch larger than this, so one huge batch does not pin memory. */
    private static final int KEEP_BUFFER_BYTES = 8 << 20;

    private final Path dir;
    private final String fileName;
    private final long maxBytes;
    private final int maxFiles;
    private final boolean fsync;
    private final LogFiles files;
    private FileChannel channel;
    private Bytes buffer = new Bytes();
    private long size;
    private long rotation;
    private boolean closed;

    FileCallbackSink(Path dir, String fileName, long maxBytes, int maxFiles, boolean fsync) throws IOException {
        this(dir, fileName, maxBytes, maxFiles, fsync, LogFiles.DEFAULT);
    }

    FileCallbackSink(Path dir, String fileName, long maxBytes, int maxFiles, boolean fsync, LogFiles files)
            throws IOException {
        this.dir = dir;
        this.fileName = fileName;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.fsync = fsync;
        this.files = files;
        Files.createDirectories(dir);
        this.rotation = rotatedFiles().stream().mapToLong(this::rotationNumber).max().orElse(0);
        open();
    }

    /** Opens the active file for appending, first cutting off a torn last row (see {@link #repairTornTail}). */
    private void open() throws IOException {
        Path file = dir.resolve(fileName);
        repairTornTail(file);
        channel = files.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    /**
     * A file that does not end with a newline was cut mid-row (the process was killed during a write, or a
     * write failed and could not be undone). The partial row is truncated rather than ended with a newline:
     * its callback was never marked done in the callback journal, so the whole row is written again, and a
     * reader never sees half a row.
     */
    private static void repairTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = c.size();
            long whole = LogFiles.wholeLinesEnd(c);
            if (whole < end) {
                c.truncate(whole);
                c.force(false);
                LOG.warn("file sink {}: cut {} bytes of a torn last row (the callback journal writes it again)",
                        file, end - whole);
            }
        }
    }

    /**
     * Appends the rows as JSON lines. The batch is encoded first and written with one channel write; a write
     * that fails (disk full) is undone (truncated to where it began) before the exception, so the file never
     * keeps part of a batch the spill will write again.
     */
    @Override
    public synchronized void write(List<CallbackRow> rows) {
        try {
            if (closed) {
                throw new IOException("closed");
            }
            if (channel == null) {
                // a failed write could not be undone: reopen, which cuts a torn row
                open();
            }
            buffer.reset();
            RowJson.writeLines(buffer, rows);
            ByteBuffer bytes = buffer.asByteBuffer();
            int n = bytes.remaining();
            try {
                LogFiles.append(channel, bytes, fsync, size);
            } catch (LogFiles.TornWrite e) {
                // reopened by the next write, which cuts the torn row
                closeQuietly();
                throw e;
            } finally {
                if (buffer.size() > KEEP_BUFFER_BYTES) {
                    buffer = new Bytes();
                }
            }
            size += n;
        } catch (IOException e) {
            throw new ComponentException("file sink " + dir.resolve(fileName), ComponentException.Kind.DEPENDENCY,
                    "write failed: " + e, e);
        }
        if (size >= maxBytes) {
            try {
                rotate();
            } catch (IOException e) {
                // the rows are written: failing here would spill and write them twice
                LOG.warn("file sink {}: rotation failed, still writing to the active file: {}",
                        dir.resolve(fileName), e.toString());
            }
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        channel = null;
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        rotation++;
        Files.move(dir.resolve(fileName), dir.resolve(fileName + "." + rotation));
        List<Path> rotated = rotatedFiles();
        rotated.sort((a, b) -> Long.compare(rotationNumber(a), rotationNumber(b)));
        for (int i = 0; i < rotated.size() - maxFiles; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
        open();
    }

    /** A byte buffer whose content is written without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(64 * 1024);
        }

        ByteBuffer asByteBuffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
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
        if (!closed) {
            closed = true;
            if (channel != null) {
                try {
                    channel.force(false);
                    channel.close();
                } catch (IOException e) {
                    // best effort at shutdown
                }
                channel = null;
            }
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
