package io.recengine.core.match;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.replication.UpdateLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code MatchEngineConf.Replication} over an in-memory update log: replicas converge, a restart loads its
 * snapshot and replays only the messages after it, a log that refuses an append leaves every table as it
 * was, and a refused message is never appended.
 */
class MatchReplicationTest {

    @TempDir
    Path tmp;

    /**
     * One partition in memory; delivers synchronously to every subscriber, the backlog on subscribe. With
     * {@code hold}, an append is acknowledged but delivered only by {@link #flush()} (a slow consumer).
     */
    static final class MemoryLog implements UpdateLog {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        final List<Integer> delivered = new CopyOnWriteArrayList<>();
        final Map<Listener, Long> next = new ConcurrentHashMap<>();
        volatile boolean down;
        volatile boolean hold;
        final String name;

        MemoryLog(String name) {
            this.name = name;
        }

        @Override
        public synchronized CompletableFuture<Position> append(String key, byte[] value) {
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
            }
            Message m = new Message(0, messages.size(), key, value, 1_000L);
            messages.add(m);
            if (!hold) {
                flush();
            }
            return CompletableFuture.completedFuture(new Position(0, m.offset()));
        }

        /** Delivers to every subscriber what it has not got yet. */
        synchronized void flush() {
            for (Listener l : listeners) {
                int from = next.getOrDefault(l, 0L).intValue();
                deliver(l, new ArrayList<>(messages.subList(from, messages.size())));
            }
        }

        private void deliver(Listener l, List<Message> batch) {
            delivered.add(batch.size());
            long after = batch.isEmpty() ? next.getOrDefault(l, 0L) : batch.get(batch.size() - 1).offset() + 1;
            next.put(l, after);
            l.onMessages(batch, Map.of(0, after));
        }

        @Override
        public synchronized void subscribe(Map<Integer, Long> from, Listener listener) {
            listeners.add(listener);
            int start = from.getOrDefault(0, 0L).intValue();
            deliver(listener, new ArrayList<>(messages.subList(start, messages.size())));
        }

        @Override
        public Map<Integer, Long> endOffsets() {
            return Map.of(0, (long) messages.size());
        }

        @Override
        public boolean available() {
            return !down;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {
        }
    }

    private EngineConfig config(String replica) throws Exception {
        Path file = tmp.resolve(replica + ".json");
        Files.writeString(file, """
                {"KafkaConfs": {"fleet": {"BootstrapServers": "localhost:9092", "Topic": "t"}},
                 "MatchEngineConf": {
                   "Tables": [
                     {"Name": "items", "Kind": "detail", "PrimaryKey": "id", "Fields": ["id", "title"]},
                     {"Name": "i2i", "Kind": "x2i", "DetailTable": "items"},
                     {"Name": "vec", "Kind": "vector", "Dimension": 2}
                   ],
                   "Replication": {"KafkaName": "fleet", "SnapshotDir": "%s-snapshots"}}}
                """.formatted(replica));
        return ConfigLoader.load(file);
    }

    private MatchService replica(String name, MemoryLog log) throws Exception {
        return replica(name, log, new SimpleMeterRegistry());
    }

    private MatchService replica(String name, MemoryLog log, MeterRegistry registry) throws Exception {
        MatchService s = MatchService.build(config(name));
        s.replicate(log, registry);
        return s;
    }

    private static double applied(MeterRegistry registry) {
        return registry.get("recengine.match.replication.messages").tag("outcome", "applied").counter().count();
    }

    private static String msg(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append("\u001F\n");
        }
        return sb.toString();
    }

    private static List<Object> be(MatchService s, String trigger) {
        var r = s.read(Map.of("p", "i2i", "s", "i2i", "trigger_list", trigger + ":1", "return_count", "10"));
        int id = r.fieldNames().indexOf("id");
        return r.rows().stream().map(row -> row.get(id)).toList();
    }

    @Test
    void aWriteToOneReplicaIsAppliedByAllAndTheyConverge() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        try (MatchService a = replica("a", log); MatchService b = replica("b", log)) {
            assertThat(a.write("items", msg("CMD=add", "id=x1", "title=one")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(a.write("i2i", msg("CMD=add", "trigger_id=t", "item_id=x1", "score=2")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(a.write("vec", msg("CMD=add", "id=v1", "embedding=0.5,0.25")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(be(b, "t")).containsExactly("x1");
            assertThat(b.write("items", msg("CMD=delete", "id=x1")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(be(a, "t")).as("the x2i hit without its detail row").isEmpty();
            assertThat(a.tableDigests()).isEqualTo(b.tableDigests());
            assertThat(a.tableDigests().get("vec").get("size")).isEqualTo(1L);
            assertThat(a.replicationStatus().orElseThrow()).containsEntry("lagMessages", 0L)
                    .containsEntry("replaying", false).containsEntry("available", true);
        }
    }

    @Test
    void aRestartLoadsItsSnapshotAndReplaysOnlyTheMessagesAfterIt() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        MatchService b = replica("b", log);
        MatchService a = replica("a", log);
        for (int i = 0; i < 20; i++) {
            a.write("items", msg("CMD=add", "id=r" + i, "title=t" + i));
        }
        a.close(); // writes its last snapshot: 20 messages covered
        assertThat(Files.exists(tmp.resolve("a-snapshots").resolve(MatchSnapshot.FILE))).isTrue();
        for (int i = 0; i < 5; i++) {
            b.write("items", msg("CMD=delete", "id=r" + i));
        }
        b.write("vec", msg("CMD=add", "id=v", "embedding=1,2"));
        log.delivered.clear();
        try (MatchService again = replica("a", log)) {
            assertThat(log.delivered).as("only the 6 messages after the snapshot are replayed").containsExactly(6);
            assertThat(again.tableDigests()).isEqualTo(b.tableDigests());
            assertThat(again.tableDigests().get("items").get("size")).isEqualTo(15L);
        } finally {
            b.close();
        }
    }

    /**
     * The writer applies its own message on the acknowledgement when every earlier one of the partition is applied,
     * without waiting for the log to deliver it; the delivery that follows is skipped (applied once). A write whose
     * earlier messages have not arrived yet waits for them, so the order holds.
     */
    @Test
    void theWriterAppliesOnTheAcknowledgementOnceAndInLogOrder() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        MeterRegistry ra = new SimpleMeterRegistry();
        MeterRegistry rb = new SimpleMeterRegistry();
        try (MatchService a = replica("a", log, ra); MatchService b = replica("b", log, rb)) {
            log.hold = true;
            assertThat(a.write("items", msg("CMD=add", "id=x1", "title=one")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(a.write("i2i", msg("CMD=add", "trigger_id=t", "item_id=x1", "score=2")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(be(a, "t")).as("read-your-writes before any delivery").containsExactly("x1");
            assertThat(be(b, "t")).as("b has had nothing delivered").isEmpty();
            log.flush();
            // b deletes x1 at offset 2; a has applied 0 and 1 itself, so a's next write (offset 3) must not
            // pass b's delete: it waits for it, whichever of the write and the delivery comes first
            assertThat(b.write("items", msg("CMD=delete", "id=x1")).status()).isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            Thread writer = new Thread(() -> a.write("items", msg("CMD=add", "id=x1", "title=again")));
            writer.start();
            log.flush();
            writer.join(30_000);
            assertThat(writer.isAlive()).as("the write came back").isFalse();
            log.flush();
            assertThat(a.tableDigests()).isEqualTo(b.tableDigests());
            assertThat(be(b, "t")).as("add after the delete, on both").containsExactly("x1");
            assertThat(applied(ra)).as("each message applied once on a").isEqualTo(4.0);
            assertThat(applied(rb)).as("each message applied once on b").isEqualTo(4.0);
            assertThat(a.replicationStatus().orElseThrow()).containsEntry("lagMessages", 0L);
        }
    }

    @Test
    void aLogThatRefusesTheAppendChangesNothingAndWritesResumeAfterwards() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        try (MatchService a = replica("a", log)) {
            a.write("items", msg("CMD=add", "id=x1", "title=one"));
            var before = a.tableDigests();
            log.down = true;
            MatchService.WriteOutcome down = a.write("items", msg("CMD=add", "id=x2", "title=two"));
            assertThat(down.status()).isEqualTo(MatchService.WriteOutcome.Status.UNAVAILABLE);
            assertThat(down.problem()).contains("replication log (memory) is unavailable").contains("broker unreachable");
            assertThat(a.tableDigests()).isEqualTo(before);
            assertThat(a.replicationStatus().orElseThrow()).containsEntry("available", false);
            log.down = false;
            assertThat(a.write("items", msg("CMD=add", "id=x2", "title=two")).status())
                    .isEqualTo(MatchService.WriteOutcome.Status.APPLIED);
            assertThat(a.tableDigests().get("items").get("size")).isEqualTo(2L);
        }
    }

    @Test
    void aRefusedMessageIsNeverAppended() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        try (MatchService a = replica("a", log)) {
            MatchService.WriteOutcome r = a.write("items", msg("CMD=add", "id=x1"));
            assertThat(r.status()).isEqualTo(MatchService.WriteOutcome.Status.REFUSED);
            assertThat(r.problem()).contains("missing field 'title'");
            assertThat(a.write("nope", msg("CMD=delete", "id=1")).status()).isEqualTo(MatchService.WriteOutcome.Status.REFUSED);
            assertThat(log.messages).isEmpty();
        }
    }

    @Test
    void aSnapshotOfAnotherLogIsRefusedWithWhatToDo() throws Exception {
        MemoryLog log = new MemoryLog("memory");
        MatchService a = replica("a", log);
        a.write("items", msg("CMD=add", "id=x1", "title=one"));
        a.close();
        try (MatchService again = MatchService.build(config("a"))) {
            assertThatThrownBy(() -> again.replicate(new MemoryLog("other"), new SimpleMeterRegistry()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("covers memory")
                    .hasMessageContaining("remove the snapshot file");
        }
    }

    @Test
    void replicationNeedsAKnownKafkaEntry() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, """
                {"MatchEngineConf": {"Tables": [{"Name": "i2i", "Kind": "x2i"}],
                                     "Replication": {"KafkaName": "fleet", "SnapshotIntervalSeconds": 0}}}
                """);
        assertThat(MatchService.check(ConfigLoader.load(file))).extracting(Throwable::getMessage)
                .anySatisfy(m -> assertThat(m).contains("KafkaName").contains("no KafkaConfs entry 'fleet'"))
                .anySatisfy(m -> assertThat(m).contains("SnapshotIntervalSeconds"));
    }
}
