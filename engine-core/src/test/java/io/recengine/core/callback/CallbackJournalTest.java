package io.recengine.core.callback;

import io.recengine.spi.TypedFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback journal on its own: append, advance, restart, group commit, a full disk. No timing. */
class CallbackJournalTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    private static CallbackRequest request(int i) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", i + "-" + k);
            item.put("score", 0.5 * k);
            items.add(item);
        }
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 25L);
        features.put("tags", 7);
        return new CallbackRequest("home_feed", "r" + i, "u" + i, features,
                List.of(new TypedFeature("tags", "int", 7)), items, Map.of("recom_id", "x" + i), false, i % 2 == 0);
    }

    private CallbackJournal open(LogFiles files, long segmentBytes, boolean fsync) throws IOException {
        return CallbackJournal.open(tmp.resolve("journal"), segmentBytes, fsync, files);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("journal"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("journal-")).sorted().toList();
        }
    }

    @Test
    void restartRecoversExactlyTheEntriesNotMarkedDone() throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).isEmpty();
            for (int i = 0; i < 10; i++) {
                seqs.add(j.append(request(i), 1_000L + i));
            }
            assertThat(j.outstanding()).isEqualTo(10);
            j.advance(List.of(seqs.get(0), seqs.get(2), seqs.get(3)));
            j.advance(List.of(seqs.get(9)));
            assertThat(j.outstanding()).isEqualTo(6);
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            List<CallbackJournal.Entry> back = j.takeRecovered();
            assertThat(back).extracting(CallbackJournal.Entry::seq)
                    .containsExactly(seqs.get(1), seqs.get(4), seqs.get(5), seqs.get(6), seqs.get(7), seqs.get(8));
            for (CallbackJournal.Entry e : back) {
                int i = seqs.indexOf(e.seq());
                assertThat(e.acceptedMillis()).isEqualTo(1_000L + i);
                CallbackRequest expected = request(i);
                assertThat(e.request()).usingRecursiveComparison().isEqualTo(expected);
                // types survive: the int feature is still an Integer, the scores Doubles
                assertThat(e.request().features().get("tags")).isInstanceOf(Integer.class);
                assertThat(e.request().itemList().get(1).get("score")).isEqualTo(0.5);
            }
            assertThat(j.unreadable()).isZero();
            // this run's appends get new numbers; marking the recovered ones done empties the journal
            long next = j.append(request(10), 2_000L);
            assertThat(next).isGreaterThan(seqs.get(9));
            List<Long> all = new ArrayList<>(back.stream().map(CallbackJournal.Entry::seq).toList());
            all.add(next);
            j.advance(all);
            assertThat(j.outstanding()).isZero();
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).isEmpty();
        }
    }

    @Test
    void segmentsAreDeletedOldestFirstOnceEveryEntryInThemIsDone() throws Exception {
        // a tiny segment size: every write starts a new segment
        try (CallbackJournal j = open(LogFiles.DEFAULT, 1, false)) {
            long a = j.append(request(0), 0);
            long b = j.append(request(1), 0);
            long c = j.append(request(2), 0);
            assertThat(segmentFiles()).hasSize(3);
            // b done, but a (older) is not: nothing may go, b's marker may be needed ... and a's segment stays
            j.advance(List.of(b));
            assertThat(j.outstanding()).isEqualTo(2);
            assertThat(segmentFiles()).hasSizeGreaterThanOrEqualTo(3);
            j.advance(List.of(a));
            j.advance(List.of(c));
            assertThat(j.outstanding()).isZero();
            // everything done: only the active segment (holding the last marker) is left
            assertThat(j.segments()).isEqualTo(1);
            assertThat(segmentFiles()).hasSize(1);
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 1, false)) {
            assertThat(j.takeRecovered()).isEmpty();
            assertThat(segmentFiles()).isEmpty();
        }
    }

    @Test
    void aTornLastLineWasNeverAcknowledgedAndIsIgnored() throws Exception {
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            j.append(request(0), 0);
            j.append(request(1), 0);
        }
        Path seg = segmentFiles().get(0);
        String whole = Files.readString(seg);
        // a kill in the middle of the next write: half of an entry line, no newline
        String third = whole.substring(0, whole.indexOf('\n') + 1);
        Files.writeString(seg, third.substring(0, third.length() / 2), StandardOpenOption.APPEND);
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).extracting(e -> e.request().requestId()).containsExactly("r0", "r1");
            assertThat(j.unreadable()).isZero();
            // appends go to a new segment, never after the torn line
            j.append(request(2), 0);
            assertThat(segmentFiles()).hasSize(2);
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).extracting(e -> e.request().requestId()).containsExactly("r0", "r1", "r2");
        }
    }

    @Test
    void anUnreadableLineIsSkippedAndCounted() throws Exception {
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            j.append(request(0), 0);
        }
        Files.writeString(segmentFiles().get(0), "{\"s\":99,\"t\":0,\"r\":{\"item_list\":7}}\nnot json\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).extracting(e -> e.request().requestId()).containsExactly("r0");
            assertThat(j.unreadable()).isEqualTo(2);
        }
    }

    @Test
    void concurrentAppendsShareOneWriteAndOneSync() throws Exception {
        FullDisk disk = new FullDisk();
        disk.firstWriteGate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try (CallbackJournal j = open(disk, 64 * MB, true)) {
            // the first append becomes the writer and waits inside its write ...
            Future<Long> first = pool.submit(() -> j.append(request(0), 0));
            assertThat(disk.firstWriteEntered.await(30, TimeUnit.SECONDS)).isTrue();
            // ... while ten more arrive and wait for the next group
            List<Future<Long>> rest = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int n = i;
                rest.add(pool.submit(() -> j.append(request(n), 0)));
            }
            waitFor(() -> j.waiting() == 10);
            disk.firstWriteGate.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<Long> f : rest) {
                f.get(30, TimeUnit.SECONDS);
            }
            // two writes, two syncs for eleven callbacks
            assertThat(disk.writes.get()).isEqualTo(2);
            assertThat(disk.syncs.get()).isEqualTo(2);
            assertThat(j.outstanding()).isEqualTo(11);
        } finally {
            pool.shutdownNow();
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).hasSize(11);
        }
    }

    @Test
    void aFullDiskRefusesTheAppendLeavesNoPartialLineAndRecoversWhenSpaceReturns() throws Exception {
        FullDisk disk = new FullDisk();
        try (CallbackJournal j = open(disk, 64 * MB, false)) {
            j.append(request(0), 0);
            long before = Files.size(segmentFiles().get(0));
            disk.full = true;
            assertThatThrownBy(() -> j.append(request(1), 0)).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            // the half-written line was cut off again
            assertThat(Files.size(segmentFiles().get(0))).isEqualTo(before);
            assertThat(j.outstanding()).isEqualTo(1);
            disk.full = false;
            j.append(request(2), 0);
        }
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThat(j.takeRecovered()).extracting(e -> e.request().requestId()).containsExactly("r0", "r2");
            assertThat(j.unreadable()).isZero();
        }
    }

    @Test
    void asecondEngineCannotUseTheSameJournal() throws Exception {
        try (CallbackJournal j = open(LogFiles.DEFAULT, 64 * MB, false)) {
            assertThatThrownBy(() -> open(LogFiles.DEFAULT, 64 * MB, false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another engine");
        }
    }

    /** Waits for a state the test cannot be told about; the guard only turns a hang into a failure. */
    private static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(cond.getAsBoolean()).as("condition reached").isTrue();
    }
}
