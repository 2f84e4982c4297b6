package io.recengine.core.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An x2i service: trigger key -> items with scores, best first. Each trigger's list is an immutable
 * array replaced on write (copy on write); readers never lock. Writers serialise on the table.
 */
public final class X2iTable {

    /** One scored item of a trigger's list. */
    public record Entry(String item, double score) {
    }

    static final Comparator<Entry> BEST_FIRST = Comparator.comparingDouble(Entry::score).reversed();

    private final String name;
    private final ConcurrentHashMap<String, Entry[]> lists = new ConcurrentHashMap<>();

    X2iTable(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The trigger's items, best first; empty when unknown. Do not modify. */
    public Entry[] get(String trigger) {
        Entry[] e = lists.get(trigger);
        return e == null ? new Entry[0] : e;
    }

    /** Calls {@code out} with every trigger's list, best first, for snapshots and digests. */
    void forEach(java.util.function.BiConsumer<String, Entry[]> out) {
        lists.forEach(out);
    }

    public int triggers() {
        return lists.size();
    }

    /** Replaces the content (start-up load); a later (trigger, item) pair wins. */
    synchronized void load(Map<String, Map<String, Double>> byTrigger) {
        lists.clear();
        byTrigger.forEach((trigger, items) -> {
            List<Entry> l = new ArrayList<>(items.size());
            items.forEach((item, score) -> l.add(new Entry(item, score)));
            l.sort(BEST_FIRST);
            lists.put(trigger, l.toArray(new Entry[0]));
        });
    }

    /** Adds or rescores one (trigger, item) pair. */
    synchronized void add(String trigger, String item, double score) {
        Entry[] old = get(trigger);
        List<Entry> l = new ArrayList<>(old.length + 1);
        for (Entry e : old) {
            if (!e.item().equals(item)) {
                l.add(e);
            }
        }
        l.add(new Entry(item, score));
        l.sort(BEST_FIRST);
        lists.put(trigger, l.toArray(new Entry[0]));
    }

    /** Deletes one pair, or the whole trigger when {@code item} is null; returns whether anything went. */
    synchronized boolean delete(String trigger, String item) {
        if (item == null) {
            return lists.remove(trigger) != null;
        }
        Entry[] old = lists.get(trigger);
        if (old == null) {
            return false;
        }
        Entry[] kept = Arrays.stream(old).filter(e -> !e.item().equals(item)).toArray(Entry[]::new);
        if (kept.length == old.length) {
            return false;
        }
        if (kept.length == 0) {
            lists.remove(trigger);
        } else {
            lists.put(trigger, kept);
        }
        return true;
    }
}
