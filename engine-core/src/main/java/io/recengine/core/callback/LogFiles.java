package io.recengine.core.callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the callback logs (journal, spill, file sink) open the files they append to, and how they append.
 * The opener is the one seam through which tests inject a full disk ({@code IOException: No space left on
 * device}) without mounting a small filesystem; production code uses {@link #DEFAULT}.
 */
@FunctionalInterface
interface LogFiles {

    /** {@link FileChannel#open(Path, OpenOption...)}. */
    LogFiles DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * Writes all of {@code bytes} to {@code file} (opened to append), then syncs when asked. A write that
     * fails (disk full) is undone before the exception: the file is truncated back to {@code size} (its
     * length before), so that no partial line stays for the next line to join. When even that fails,
     * the exception is a {@link TornWrite}: the caller must not append to this file again.
     */
    static void append(FileChannel file, ByteBuffer bytes, boolean sync, long size) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
            if (sync) {
                file.force(false);
            }
        } catch (IOException | RuntimeException e) {
            try {
                file.truncate(size);
            } catch (IOException | RuntimeException again) {
                TornWrite torn = new TornWrite(e);
                torn.addSuppressed(again);
                throw torn;
            }
            throw e;
        }
    }

    /**
     * The length of {@code file} up to and including its last newline: what is past it is a torn last line
     * (a kill in the middle of a write). 0 when there is no newline at all.
     */
    static long wholeLinesEnd(FileChannel file) throws IOException {
        long pos = file.size();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (pos > 0) {
            long from = Math.max(0, pos - chunk.capacity());
            chunk.clear().limit((int) (pos - from));
            while (chunk.hasRemaining() && file.read(chunk, from + chunk.position()) > 0) {
                // fill the chunk
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    /** A failed append that could not be undone: the file may end with a partial line. */
    final class TornWrite extends IOException {
        TornWrite(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
