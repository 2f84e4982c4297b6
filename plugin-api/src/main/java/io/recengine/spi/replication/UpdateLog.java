package io.recengine.spi.replication;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A replicated, ordered log of update messages (a Kafka topic, say): what lets several engine processes
 * apply the same writes in the same order. The engine appends each accepted write and answers its client
 * once {@link #append} completes; every process, the writer included, applies what {@link #subscribe}
 * delivers. Order holds per partition; messages with one key go to one partition. Thread-safe.
 */
public interface UpdateLog extends AutoCloseable {

    /** Where a message landed: its partition and offset. */
    record Position(int partition, long offset) {
    }

    /** One delivered message; {@code timestampMillis} is when it was appended. */
    record Message(int partition, long offset, String key, byte[] value, long timestampMillis) {
    }

    /** Receives the log's messages on the log's own thread, one partition's in order. */
    interface Listener {

        /**
         * Applies a batch (possibly empty: an idle poll, so the engine may do periodic work). Must not
         * throw; a message it cannot apply is the engine's to count and skip.
         *
         * @param positions partition -> the next offset the log will deliver once this batch is applied (past
         *                  the batch, and past any offsets the log skipped: compacted or expired messages)
         */
        void onMessages(List<Message> batch, Map<Integer, Long> positions);
    }

    /**
     * Appends one message. The future completes with the message's position once the log acknowledged it
     * durably (every in-sync replica), or exceptionally with the reason it was not written; it never stays
     * open past the log's own delivery timeout.
     *
     * @param key the partitioning key: messages with one key keep their order
     */
    CompletableFuture<Position> append(String key, byte[] value);

    /**
     * Starts delivering to {@code listener}, on one thread of the log, from {@code from} (partition -> next
     * offset to read; partitions not in it start at their beginning). Called once. Retries by itself while
     * the log is unreachable.
     */
    void subscribe(Map<Integer, Long> from, Listener listener);

    /**
     * The latest known end offset of every partition (the offset the next message will get), refreshed by the
     * log in the background; empty until the log answered once. Cheap, never blocks.
     */
    Map<Integer, Long> endOffsets();

    /** Whether the log answered the last time it was tried. Cheap, never blocks. */
    boolean available();

    /** A short description for logs and {@code /health}, e.g. {@code kafka topic match_updates}. */
    String describe();

    /** Stops delivering and releases the clients; pending appends fail. */
    @Override
    void close();
}
