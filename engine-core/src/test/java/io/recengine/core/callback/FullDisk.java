package io.recengine.core.callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test {@link LogFiles}: real files whose writes fail with {@code No space left on device} while
 * {@link #full} is set, after writing half of what they were given (as a filesystem that fills up
 * mid-write does). Counts writes and syncs; can hold the first write at a gate.
 */
final class FullDisk implements LogFiles {

    volatile boolean full;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger syncs = new AtomicInteger();
    /** Released (counted down) by the test; the first write waits for it when set. */
    volatile CountDownLatch firstWriteGate;
    final CountDownLatch firstWriteEntered = new CountDownLatch(1);

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Channel(FileChannel.open(path, options));
    }

    private final class Channel extends FileChannel {
        private final FileChannel real;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (writes.getAndIncrement() == 0 && firstWriteGate != null) {
                firstWriteEntered.countDown();
                try {
                    firstWriteGate.await();
                } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                }
            }
            if (full) {
                int half = src.remaining() / 2;
                if (half > 0) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + half);
                    real.write(part);
                }
                throw new IOException("No space left on device");
            }
            return real.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            syncs.incrementAndGet();
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("not used by the callback logs");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException("not used by the callback logs");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
