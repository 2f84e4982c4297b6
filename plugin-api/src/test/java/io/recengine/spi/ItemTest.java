package io.recengine.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact property store behind {@link Item} and {@link User} behaves as the map it replaced. */
class ItemTest {

    @Test
    void propertiesKeepInsertionOrderAndDropNulls() {
        Item item = new Item("i1", "r", 0.5);
        item.setProperty("b", 1);
        item.setProperty("a", "x");
        item.setProperty("c", null);
        item.setProperty("b", 2);
        assertEquals(List.of("b", "a"), new ArrayList<>(item.properties().keySet()));
        assertEquals(2, item.property("b"));
        assertNull(item.property("c"));
        assertFalse(item.properties().containsKey("c"));
        item.setProperty("a", null);
        assertEquals(Map.of("b", 2), item.properties());
        assertEquals("", item.stringProperty("a"));
    }

    @Test
    void manyPropertiesGoThroughTheIndexAndSurviveRemovals() {
        Item item = new Item("i1");
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            item.setProperty("f" + i, i);
            expected.put("f" + i, i);
        }
        for (int i = 0; i < 200; i += 3) {
            item.removeProperty("f" + i);
            expected.remove("f" + i);
        }
        assertEquals(expected, item.properties());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(item.properties().keySet()));
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 3 == 0 ? null : (Object) i, item.property(new String("f" + i)), "f" + i);
        }
        // shrinking below the index threshold falls back to the scan and still finds everything
        for (int i = 0; i < 195; i++) {
            item.removeProperty("f" + i);
        }
        assertEquals(Map.of("f196", 196, "f197", 197, "f199", 199), item.properties());
    }

    @Test
    void rowSetSkipsNullsAndChecksBounds() {
        Item item = new Item("i1");
        item.setProperty("keep", "k");
        item.setProperties(new String[] {"a", "b", "keep", "unused"}, new Object[] {"1", null, "2", "3"}, 3);
        assertEquals(Map.of("keep", "2", "a", "1"), item.properties());
        assertThrows(IndexOutOfBoundsException.class,
                () -> item.setProperties(new String[] {"a"}, new Object[] {"1", "2"}, 2));
    }

    @Test
    void scoreMapsAreLiveUnmodifiableViews() {
        Item item = new Item("i1");
        Map<String, Double> algo = item.algoScores();
        assertTrue(algo.isEmpty());
        item.setAlgoScore("fm", 0.25);
        item.setRecallScore("r1", 2.0);
        assertEquals(Map.of("fm", 0.25), algo);
        assertEquals(0.25, item.algoScore("fm"));
        assertNull(item.algoScore("other"));
        assertEquals(Map.of("r1", 2.0), item.recallScores());
        assertThrows(UnsupportedOperationException.class, () -> algo.put("x", 1.0));
        Map<String, Double> seen = new LinkedHashMap<>();
        algo.forEach(seen::put);
        assertEquals(Map.of("fm", 0.25), seen);
    }

    @Test
    void iterationIsASnapshotWhileWritesGoOn() {
        User user = new User("u1");
        user.setProperty("a", 1);
        var it = user.properties().entrySet().iterator();
        user.setProperty("b", 2);
        assertEquals("uid", it.next().getKey());
        assertEquals("a", it.next().getKey());
        assertFalse(it.hasNext());
        assertEquals(3, user.properties().size());
    }

    /** Parallel feature loads write one item from several threads: no write is lost. */
    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Item item = new Item("i1");
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        item.setProperty("p" + (base + i), base + i);
                        item.setAlgoScore("s" + (base + i), base + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS); // only turns a hang into a failure
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, item.properties().size());
        assertEquals(threads * perThread, item.algoScores().size());
        for (int i = 0; i < threads * perThread; i++) {
            assertEquals(i, item.property("p" + i));
            assertEquals((double) i, item.algoScore("s" + i));
        }
    }

    /**
     * Reads take no lock: while one thread appends, replaces and removes entries (growing the array and
     * the hash index, joining a row), readers on other threads see each entry whole (its own value or
     * nothing), never an exception, and every entry that was never touched stays readable throughout.
     */
    @Test
    void readersWithoutALockSeeWholeEntriesWhileAWriterChangesTheMap() throws Exception {
        Item item = new Item("i1");
        item.setProperty("stable", "s");
        RowSchema schema = RowSchema.of(List.of("title", "category"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<String> problem = new java.util.concurrent.atomic.AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    long reads = 0;
                    while (!stop.get() || reads < 1000) {
                        try {
                            if (!"s".equals(item.property("stable"))) {
                                problem.compareAndSet(null, "lost the untouched entry");
                            }
                            for (int i = 0; i < 40; i += 7) {
                                Object v = item.property("p" + i);
                                if (v != null && !v.equals(i) && !v.equals(-i)) {
                                    problem.compareAndSet(null, "p" + i + " read " + v);
                                }
                            }
                            Object c = item.property("category");
                            if (c != null && !c.equals("crime") && !c.equals("own")) {
                                problem.compareAndSet(null, "category read " + c);
                            }
                        } catch (RuntimeException e) {
                            problem.compareAndSet(null, e.toString());
                        }
                        reads++;
                    }
                    return null;
                }));
            }
            for (int round = 0; round < 2000; round++) {
                for (int i = 0; i < 40; i++) {
                    item.setProperty("p" + i, round % 2 == 0 ? i : -i);
                }
                item.joinRow(FeatureRow.owning(schema, new Object[] {"Heat", "crime"}));
                item.setProperty("category", "own");
                for (int i = 0; i < 40; i++) {
                    item.removeProperty("p" + i);
                }
                item.removeProperty("category");
            }
            stop.set(true);
            for (Future<?> f : readers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertNull(problem.get());
        assertEquals("s", item.property("stable"));
    }
}
