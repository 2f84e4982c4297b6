package io.recengine.core.collect;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdPositionsTest {

    /** The same answers as a hash map, across growth, for equal ids that are distinct instances too. */
    @Test
    void answersAsAHashMapDoesAcrossGrowth() {
        IdPositions ids = new IdPositions(4);
        Map<String, Integer> ref = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String id = new String(Integer.toString(random.nextInt(2_000))); // a fresh instance per call
            Integer old = ref.putIfAbsent(id, i);
            assertEquals(old == null ? -1 : old, ids.putIfAbsent(id, i));
        }
        assertEquals(ref.size(), ids.size());
        for (Map.Entry<String, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue(), ids.get(new String(e.getKey())));
        }
        assertEquals(-1, ids.get("absent"));
    }
}
