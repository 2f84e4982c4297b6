package io.recengine.core.callback;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The write-ahead log of accepted callbacks: a callback is appended here before it is acknowledged, and
 * marked done once its rows are written to the sink or moved to the spill; what is not marked done when the
 * engine stops (or is killed) is read back at the next start and processed again.
 *
 * <p>Files in the directory: {@code journal-<n>.jsonl} segments holding two kinds of lines,
 * {@code {"s":<seq>,"t":<accepted millis>,"r":<request>}} (an entry, {@link JournalCodec}) and
 * {@code {"done":[<seq>, ...]}} (a done marker); {@code lock}, held while an engine uses the directory. A new
 * segment starts when the active one passes the segment size; segments are deleted oldest first once every
 * entry in them is done (in order, because a done marker may sit in a later segment than its entry).
 *
 * <p>Appends are group-committed: concurrent callers' lines go out in one {@code write} (and one
 * {@code fsync} when enabled); a caller returns when its line is written. A {@code write} to the page
 * cache survives a kill of the process; {@code fsync} is for power loss. A write that fails (disk full) is
 * undone (truncated) and every caller of that group gets the {@link IOException}: their callbacks are not
 * accepted. A torn last line (a crash mid-write) belongs to a caller that never returned: it is ignored.
 * Thread-safe.
 */
final class CallbackJournal implements AutoCloseable {

    /** An accepted callback read back at start. */
    record Entry(long seq, long acceptedMillis, CallbackRequest request) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallbackJournal.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".jsonl";

    /** One segment file. Guarded by {@link #mutex}, except {@code size}, which only the leader touches. */
    private static final class Segment {
        final long number;
        final Path path;
        int outstanding;
        long size;
        /** A failed write could not be undone: nothing more is appended here. */
        boolean sealed;

        Segment(long number, Path path) {
            this.number = number;
            this.path = path;
        }
    }

    /** The lines that go out in one write. */
    private static final class Group {
        final List<Long> seqs = new ArrayList<>();
        boolean done;
        IOException error;
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final LogFiles files;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final AtomicLong nextSeq = new AtomicLong();
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition committed = mutex.newCondition();
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final Map<Long, Segment> segmentOf = new HashMap<>();
    private final List<Entry> recovered = new ArrayList<>();
    private int unreadable;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Group group = new Group();
    private boolean writing;
    private Segment active;
    private FileChannel writer;
    private long nextSegment;
    private boolean closed;

    private CallbackJournal(Path dir, long segmentBytes, boolean fsync, LogFiles files, FileChannel lockFile,
                            FileLock lock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.files = files;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Opens (creating) the journal in {@code dir} and reads back the entries not marked done. The first
     * segment of this run is created by the first append, so a full disk does not stop the start.
     *
     * @throws IOException when the directory cannot be created or read, or another engine holds it
     */
    static CallbackJournal open(Path dir, long segmentBytes, boolean fsync, LogFiles files) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("callback journal " + dir + " is in use by another engine");
        }
        CallbackJournal j = new CallbackJournal(dir, segmentBytes, fsync, files, lockFile, lock);
        try {
            j.recover();
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockFile.close();
            throw e;
        }
        return j;
    }

    /**
     * Hands over the entries of earlier runs not marked done, in append order (processing them ends in
     * {@link #advance}), and forgets them: a second call returns an empty list.
     */
    List<Entry> takeRecovered() {
        mutex.lock();
        try {
            List<Entry> out = List.copyOf(recovered);
            recovered.clear();
            return out;
        } finally {
            mutex.unlock();
        }
    }

    /** Complete lines found at start that could not be read (their callbacks are lost; logged at ERROR). */
    int unreadable() {
        return unreadable;
    }

    /**
     * Appends an accepted callback and returns once it is written (and synced with fsync on), sharing the
     * write with concurrent callers.
     *
     * @return the entry's sequence number, for {@link #advance}
     * @throws IOException when it could not be written: the callback must not be acknowledged
     */
    long append(CallbackRequest request, long acceptedMillis) throws IOException {
        long seq = nextSeq.getAndIncrement();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256 + 48 * request.itemList().size());
        try (JsonGenerator g = JSON.createGenerator(line, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("s", seq);
            g.writeNumberField("t", acceptedMillis);
            g.writeFieldName("r");
            JournalCodec.write(g, request);
            g.writeEndObject();
        }
        line.write('\n');
        commit(line, seq);
        return seq;
    }

    /**
     * Marks entries done: their rows are written or spilled. Segments whose entries are all done are
     * deleted. Never throws: a done marker that cannot be written only means those callbacks are processed
     * once more after a restart (at-least-once).
     */
    void advance(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        mutex.lock();
        try {
            for (Long seq : seqs) {
                Segment s = segmentOf.remove(seq);
                if (s != null) {
                    s.outstanding--;
                }
            }
            deleteFinished();
            if (closed) {
                return;
            }
        } finally {
            mutex.unlock();
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(16 + 8 * seqs.size());
        try (JsonGenerator g = JSON.createGenerator(line, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("done");
            for (Long seq : seqs) {
                g.writeNumber(seq);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        try {
            commit(line, -1);
        } catch (IOException e) {
            LOG.warn("callback journal {}: done marker not written ({}): {} callbacks may be processed again "
                    + "after a restart", dir, e.getMessage(), seqs.size());
        }
    }

    /** Entries appended and not marked done (this run and recovered). */
    int outstanding() {
        return locked(segmentOf::size);
    }

    /** Segment files on disk. */
    int segments() {
        return locked(segments::size);
    }

    /** Entries waiting for the next group write (for tests: a group is formed while a write runs). */
    int waiting() {
        return locked(() -> group.seqs.size());
    }

    private int locked(IntSupplier read) {
        mutex.lock();
        try {
            return read.getAsInt();
        } finally {
            mutex.unlock();
        }
    }

    /** Group commit: the first waiter without a writer running writes every pending line. */
    private void commit(ByteArrayOutputStream line, long seq) throws IOException {
        mutex.lock();
        try {
            if (closed) {
                throw new IOException("callback journal closed");
            }
            line.writeTo(pending);
            Group mine = group;
            if (seq >= 0) {
                mine.seqs.add(seq);
            }
            while (!mine.done) {
                if (writing) {
                    committed.awaitUninterruptibly();
                    continue;
                }
                writeGroup();
            }
            if (mine.error != null) {
                throw new IOException(mine.error.getMessage(), mine.error);
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Called with the mutex held and no writer running; releases the mutex while writing. */
    private void writeGroup() {
        writing = true;
        Group batch = group;
        group = new Group();
        ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
        pending = pending.size() > (1 << 20) ? new ByteArrayOutputStream() : pending;
        pending.reset();
        IOException error = null;
        Segment seg = null;
        try {
            seg = activeSegment();
            FileChannel w = writer;
            mutex.unlock();
            try {
                write(w, seg, bytes, fsync && !batch.seqs.isEmpty());
            } finally {
                mutex.lock();
            }
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            // never leave 'writing' set: every later caller would wait forever
            error = new IOException(e.toString(), e);
        }
        if (error == null) {
            for (Long s : batch.seqs) {
                segmentOf.put(s, seg);
            }
            seg.outstanding += batch.seqs.size();
        } else {
            LOG.error("callback journal {}: write failed, {} callbacks not accepted: {}", dir, batch.seqs.size(),
                    error.toString());
        }
        batch.error = error;
        batch.done = true;
        writing = false;
        committed.signalAll();
    }

    private static void write(FileChannel w, Segment seg, ByteBuffer bytes, boolean sync) throws IOException {
        int n = bytes.remaining();
        try {
            LogFiles.append(w, bytes, sync, seg.size);
        } catch (LogFiles.TornWrite e) {
            seg.sealed = true;
            throw e;
        }
        seg.size += n;
    }

    /** The segment to append to, rolling to a new one when full or sealed. Mutex held. */
    private Segment activeSegment() throws IOException {
        if (active != null && !active.sealed && active.size < segmentBytes) {
            return active;
        }
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("callback journal {}: closing {}: {}", dir, active.path, e.toString());
            }
            writer = null;
        }
        Segment s = new Segment(nextSegment, dir.resolve(String.format("%s%012d%s", PREFIX, nextSegment, SUFFIX)));
        writer = files.open(s.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        nextSegment++;
        s.size = writer.size();
        segments.addLast(s);
        active = s;
        deleteFinished();
        return s;
    }

    /** Deletes the oldest segments while every entry in them is done. Mutex held. */
    private void deleteFinished() {
        while (!segments.isEmpty()) {
            Segment s = segments.peekFirst();
            if (s == active || s.outstanding > 0) {
                return;
            }
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.warn("callback journal {}: cannot delete {}: {}", dir, s.path, e.toString());
                return;
            }
            segments.removeFirst();
        }
    }

    private void recover() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
                    try {
                        numbers.add(Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            });
        }
        numbers.sort(null);
        Map<Long, byte[]> open = new LinkedHashMap<>();
        long maxSeq = -1;
        for (long number : numbers) {
            Segment seg = new Segment(number, dir.resolve(String.format("%s%012d%s", PREFIX, number, SUFFIX)));
            segments.addLast(seg);
            nextSegment = number + 1;
            try (InputStream in = Files.newInputStream(seg.path)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            line.write(buf, start, i - start);
                            maxSeq = Math.max(maxSeq, readLine(line.toByteArray(), seg, open));
                            line.reset();
                            start = i + 1;
                        }
                    }
                    line.write(buf, start, n - start);
                }
                if (line.size() > 0) {
                    // a crash mid-write: its caller never returned, the callback was not acknowledged
                    LOG.info("callback journal {}: {} bytes of a torn last line in {} ignored", dir, line.size(),
                            seg.path.getFileName());
                }
            }
        }
        nextSeq.set(maxSeq + 1);
        for (Map.Entry<Long, byte[]> e : open.entrySet()) {
            try (JsonParser p = JSON.createParser(e.getValue())) {
                recovered.add(readEntry(p));
            } catch (IOException | RuntimeException ex) {
                lost(e.getKey(), ex);
                segmentOf.remove(e.getKey()).outstanding--;
            }
        }
        deleteFinished();
        if (!recovered.isEmpty()) {
            LOG.info("callback journal {}: {} accepted callbacks not written before the last stop, processing them "
                    + "again", dir, recovered.size());
        }
    }

    /** One complete line read at start; returns the highest sequence number in it, or -1. */
    private long readLine(byte[] line, Segment seg, Map<Long, byte[]> open) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new IOException("not a journal line");
            }
            if ("s".equals(p.currentName())) {
                p.nextToken();
                long seq = p.getLongValue();
                open.put(seq, line);
                segmentOf.put(seq, seg);
                seg.outstanding++;
                return seq;
            }
            if ("done".equals(p.currentName()) && p.nextToken() == JsonToken.START_ARRAY) {
                long max = -1;
                while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    long seq = p.getLongValue();
                    max = Math.max(max, seq);
                    if (open.remove(seq) != null) {
                        segmentOf.remove(seq).outstanding--;
                    }
                }
                return max;
            }
            throw new IOException("unknown journal line");
        } catch (IOException | RuntimeException e) {
            lost(-1, e);
            return -1;
        }
    }

    private void lost(long seq, Exception e) {
        unreadable++;
        LOG.error("callback journal {}: unreadable line{} skipped, its callback is lost: {}", dir,
                seq < 0 ? "" : " (entry " + seq + ")", e.toString());
    }

    private static Entry readEntry(JsonParser p) throws IOException {
        long seq = -1;
        long millis = 0;
        CallbackRequest req = null;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("journal entry is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "s" -> seq = p.getLongValue();
                case "t" -> millis = p.getLongValue();
                case "r" -> req = JournalCodec.read(p);
                default -> p.skipChildren();
            }
        }
        if (req == null) {
            throw new IOException("journal entry " + seq + " has no request");
        }
        return new Entry(seq, millis, req);
    }

    /** Writes what is pending, closes the files and releases the directory. */
    @Override
    public void close() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            while (writing || pending.size() > 0) {
                committed.awaitUninterruptibly();
            }
            if (writer != null) {
                try {
                    if (fsync) {
                        writer.force(false);
                    }
                    writer.close();
                } catch (IOException e) {
                    LOG.warn("callback journal {}: closing: {}", dir, e.toString());
                }
                writer = null;
            }
        } finally {
            mutex.unlock();
        }
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            LOG.warn("callback journal {}: releasing the lock: {}", dir, e.toString());
        }
    }
}
