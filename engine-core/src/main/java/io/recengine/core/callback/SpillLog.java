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
 * off on open. Thread-safe: appends and reads synchronize on this object; the reader does not hold the
 * lock while the sink is being written.
 */
final class SpillLog implements AutoCloseable {

    /** One batch read back, with the position just after it. */
    record Batch(List<CallbackRow> rows, long segment, long nextPosition) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private long writeSegment;
    private long writeSize;
    private FileChannel writer;
    private long readSegment;
    private long readPosition;

    SpillLog(Path dir, long segmentBytes, boolean fsync) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
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
        writer = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        writeSize = writer.size();
    }

    private void truncateTornTail() throws IOException {
        long size = writer.size();
        if (size == 0) {
            return;
        }
        long pos = size - 1;
        ByteBuffer one = ByteBuffer.allocate(1);
        try (FileChannel r = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.READ)) {
            while (pos >= 0) {
                one.clear();
                r.read(one, pos);
                if (one.get(0) == '\n') {
                    break;
                }
                pos--;
            }
        }
        if (pos + 1 < size) {
            writer.truncate(pos + 1);
            writeSize = pos + 1;
        }
    }

    /** Appends one batch; durable when {@code fsync}, else handed to the OS. */
    synchronized void append(List<CallbackRow> rows) throws IOException {
        if (writeSize >= segmentBytes) {
            writer.close();
            writeSegment++;
            openWriter();
        }
        ByteBuffer buf = ByteBuffer.wrap(RowJson.batchLine(rows));
        while (buf.hasRemaining()) {
            writer.write(buf);
        }
        if (fsync) {
            writer.force(false);
        }
        writeSize = writer.size();
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

    /** The oldest batch not yet replayed, or null when there is none. */
    Batch peek() throws IOException {
        long seg;
        long pos;
        long limit;
        synchronized (this) {
            while (true) {
                if (isEmpty()) {
                    return null;
                }
                long size = readSegment == writeSegment ? writeSize : Files.size(segmentPath(readSegment));
                if (readPosition < size) {
                    seg = readSegment;
                    pos = readPosition;
                    limit = size;
                    break;
                }
                // segment finished: move on
                Files.deleteIfExists(segmentPath(readSegment));
                readSegment++;
                readPosition = 0;
                saveOffset();
            }
        }
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
                        return new Batch(RowJson.parseBatch(bytes, 0, bytes.length), seg, p + i + 1);
                    }
                    line.write(b);
                }
                p += n;
            }
        }
        throw new IOException("spill segment " + segmentPath(seg) + " has no complete line at " + pos);
    }

    /** Marks a batch from {@link #peek} as replayed. */
    synchronized void commit(Batch b) throws IOException {
        readSegment = b.segment();
        readPosition = b.nextPosition();
        if (isEmpty() && readSegment == writeSegment) {
            // fully drained: start over with an empty segment, keep the directory small
            writer.close();
            Files.deleteIfExists(segmentPath(writeSegment));
            writeSegment++;
            readSegment = writeSegment;
            readPosition = 0;
            openWriter();
        }
        saveOffset();
    }

    /** Skips a batch that cannot be parsed (counted by the caller). */
    synchronized void skipCorrupt() throws IOException {
        Files.deleteIfExists(segmentPath(readSegment));
        if (readSegment == writeSegment) {
            writer.close();
            writeSegment++;
            openWriter();
        }
        readSegment++;
        readPosition = 0;
        saveOffset();
    }

    private void saveOffset() throws IOException {
        Path tmp = dir.resolve("offset.tmp");
        Files.writeString(tmp, readSegment + " " + readPosition + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("offset"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
