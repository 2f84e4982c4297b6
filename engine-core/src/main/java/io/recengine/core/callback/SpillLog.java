package io.recengine.core.callback;

import io.recengine.spi.CallbackRow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local spill of one callback sink: an append-only log of row batches that could not be written,
 * replayed in append order. Files in its directory:
 * <ul>
 *   <li>{@code spill-<n>.jsonl}: segments, one batch per line (a JSON array of rows); a new segment starts
 *       when the current one passes the segment size;</li>
 *   <li>{@code offset}: {@code <segment> <byte position>} of the first batch not yet replayed, rewritten
 *       (write + atomic rename) after each replayed batch.</li>
 * </ul>
 * A crash can at worst replay one batch twice (at-least-once). A torn last line (crash mid-append) is cut
 * off on open; a failed append (disk full) is undone at once, or, when even that fails, the segment is
 * sealed and the next append starts a new one, so a batch never joins a torn line. Thread-safe: appends and reads synchronize on this object; the reader does not hold the
 * lock while the sink is being written.
 */
final class SpillLog implements AutoCloseable {

    /** One batch read back ({@code rows} null when the line did not parse), with the position just after it. */
    record Batch(List<CallbackRow> rows, long segment, long nextPosition) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private LogFiles files;
    private long writeSegment;
    /** A failed append could not be undone: the next append starts a new segment. */
    private boolean sealed;
    private long writeSize;
    private FileChannel writer;
    private long readSegment;
    private long readPosition;

    SpillLog(Path dir, long segmentBytes, boolean fsync) throws IOException {
        this(dir, segmentBytes, fsync, LogFiles.DEFAULT);
    }

    SpillLog(Path dir, long segmentBytes, boolean fsync, LogFiles files) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.files = files;
        Files.createDirectories(dir);
        List<Long> segments = segments();
        Path off = dir.resolve("offset");
        if (Files.exists(off)) {
            String[] p = Files.readString(off, StandardCharsets.US_ASCII).trim().split(" ");
            readSegment = Long.parseLong(p[0]);
            readPosition = Long.parseLong(p[1]);
        } else {
            readSegment = segments.isEmpty() ? 0 : segments.get(0);
            readPosition = 0;
        }
        writeSegment = segments.isEmpty() ? Math.max(readSegment, 0) : segments.get(segments.size() - 1);
        openWriter();
        truncateTornTail();
        if (!segments.isEmpty() && readSegment < segments.get(0)) {
            readSegment = segments.get(0);
            readPosition = 0;
        }
    }

    private List<Long> segments() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.startsWith("spill-") && n.endsWith(".jsonl")) {
                    out.add(Long.parseLong(n.substring(6, n.length() - 6)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    private Path segmentPath(long n) {
        return dir.resolve(String.format("spill-%012d.jsonl", n));
    }

    private void openWriter() throws IOException {
        writer = files.open(segmentPath(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        writeSize = writer.size();
        sealed = false;
    }

    private void truncateTornTail() throws IOException {
        long size = writer.size();
        if (size == 0) {
            return;
        }
        long whole;
        try (FileChannel r = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.READ)) {
            whole = LogFiles.wholeLinesEnd(r);
        }
        if (whole < size) {
            writer.truncate(whole);
            writeSize = whole;
        }
    }

    /** Appends one batch; durable when {@code fsync}, else handed to the OS. */
    synchronized void append(List<CallbackRow> rows) throws IOException {
        if (writer != null && (sealed || writeSize >= segmentBytes)) {
            writer.close();
            writer = null;
            writeSegment++;
            writeSize = 0;
            sealed = false;
        }
        if (writer == null) {
            // opened lazily: a segment that cannot be created (disk full) is tried again by the next append
            openWriter();
        }
        byte[] line = RowJson.batchLine(rows);
        try {
            LogFiles.append(writer, ByteBuffer.wrap(line), fsync, writeSize);
        } catch (LogFiles.TornWrite e) {
            // the next append starts a new segment, so that no batch joins the torn line
            sealed = true;
            throw e;
        }
        writeSize += line.length;
    }

    /**
     * For tests: opens later segments through {@code f} and starts one now, so that a test can fill the
     * disk under a running spill.
     */
    synchronized void files(LogFiles f) {
        this.files = f;
        this.sealed = true;
    }

    /** True when every appended batch has been replayed. */
    synchronized boolean isEmpty() {
        return readSegment > writeSegment || (readSegment == writeSegment && readPosition >= writeSize);
    }

    /** Bytes appended and not yet replayed (approximate across segments). */
    synchronized long backlogBytes() {
        if (isEmpty()) {
            return 0;
        }
        long total = 0;
        for (long s = readSegment; s <= writeSegment; s++) {
            try {
                long size = s == writeSegment ? writeSize : Files.size(segmentPath(s));
                total += s == readSegment ? Math.max(0, size - readPosition) : size;
            } catch (IOException e) {
                // gone
            }
        }
        return total;
    }

    /**
     * The oldest batch not yet replayed, or null when there is none. A line that does not parse comes back
     * as a batch with {@code rows == null}: the caller counts it and commits past it.
     */
    Batch peek() throws IOException {
        while (true) {
            long seg;
            long pos;
            long limit;
            synchronized (this) {
                if (isEmpty()) {
                    return null;
                }
                long size = readSegment == writeSegment ? writeSize : Files.size(segmentPath(readSegment));
                if (readPosition >= size) {
                    nextSegment();
                    continue;
                }
                seg = readSegment;
                pos = readPosition;
                limit = size;
            }
            Batch b = readLine(seg, pos, limit);
            if (b != null) {
                return b;
            }
            synchronized (this) {
                if (seg == writeSegment) {
                    throw new IOException("spill segment " + segmentPath(seg) + " has no complete line at " + pos);
                }
                // the torn tail of a segment a failed append sealed: nothing after it in this segment
                if (readSegment == seg && readPosition == pos) {
                    nextSegment();
                }
            }
        }
    }

    /** The segment being read is done: delete it, read the next one. Lock held. */
    private void nextSegment() throws IOException {
        Files.deleteIfExists(segmentPath(readSegment));
        readSegment++;
        readPosition = 0;
        saveOffset();
    }

    /** The line at {@code pos}, or null when there is no newline before {@code limit}. */
    private Batch readLine(long seg, long pos, long limit) throws IOException {
        try (FileChannel r = FileChannel.open(segmentPath(seg), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, limit - pos));
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long p = pos;
            while (p < limit) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), limit - p));
                int n = r.read(buf, p);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') {
                        byte[] bytes = line.toByteArray();
                        List<CallbackRow> rows;
                        try {
                            rows = RowJson.parseBatch(bytes, 0, bytes.length);
                        } catch (IOException e) {
                            rows = null;
                        }
                        return new Batch(rows, seg, p + i + 1);
                    }
                    line.write(b);
                }
                p += n;
            }
        }
        return null;
    }

    /** Marks a batch from {@link #peek} as replayed (or skipped, when it did not parse). */
    synchronized void commit(Batch b) throws IOException {
        readSegment = b.segment();
        readPosition = b.nextPosition();
        if (isEmpty() && readSegment == writeSegment && writer != null) {
            // fully drained: start over with a new segment (opened by the next append), keep the directory small
            writer.close();
            writer = null;
            Files.deleteIfExists(segmentPath(writeSegment));
            writeSegment++;
            writeSize = 0;
            readSegment = writeSegment;
            readPosition = 0;
        }
        saveOffset();
    }

    private void saveOffset() throws IOException {
        Path tmp = dir.resolve("offset.tmp");
        Files.writeString(tmp, readSegment + " " + readPosition + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("offset"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
