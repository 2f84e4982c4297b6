package io.recengine.core.trace;

import io.recengine.spi.Item;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What one diagnosed request went through, stage by stage: the user's features, each recall's items and
 * scores, each filter's removals, the item features, the model scores, each sort's moves and the
 * truncation, each with its time. Created only for requests from the diagnostic page: the pipeline's
 * hooks are {@code if (trace != null) trace.x(...)}, so normal traffic pays a null check.
 *
 * <p>Stage times are the time since the previous hook (the stages run one after the other), so each hook
 * is one call at the stage's end. Recalls run in parallel and report their own times. Items are told
 * apart by identity, not by id: before {@code UniqueFilter} one id may come from several recalls.
 * Thread-safe (recall hooks arrive from the recall pool).
 */
public final class RequestTrace {

    private final LongSupplier nanos;
    private final long startNanos;
    private long markNanos;
    private final List<Map<String, Object>> stages = new ArrayList<>();
    private final List<Map<String, Object>> recalls = Collections.synchronizedList(new ArrayList<>());
    private int recalled;
    private int removedByFilters;
    private int removedBySorts;
    private int truncated;
    private int returned = -1;
    /** The request's experiment as the plan applied it; null without one. */
    private Map<String, Object> experiment;
    private String experimentRankScore;

    /** A trace whose clock is {@link System#nanoTime()}. */
    public RequestTrace() {
        this(System::nanoTime);
    }

    /** @param nanos the clock stage times are read from (a fake one in tests) */
    public RequestTrace(LongSupplier nanos) {
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.markNanos = startNanos;
    }

    /**
     * The experiment the request fell into and what its parameters did, before the stages run (not a
     * stage: no time of its own).
     *
     * @param params    the merged experiment parameters
     * @param applied   per parameter the pipeline applied: {@code param} and {@code effect} (the configured
     *                  component or conf it replaced)
     * @param rankScore the {@code RankScore} the experiment set; null when the configured one runs
     */
    public synchronized void experiment(String expId, Map<String, Object> params, List<Map<String, String>> applied,
                                        String rankScore) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("exp_id", expId);
        e.put("params", new LinkedHashMap<>(params));
        e.put("applied", new ArrayList<>(applied));
        if (rankScore != null) {
            e.put("rank_score", rankScore);
        }
        experiment = e;
        experimentRankScore = rankScore;
    }

    /** The {@code RankScore} the request's experiment set; null when none did. */
    public synchronized String experimentRankScore() {
        return experimentRankScore;
    }

    /** The user features once loaded ({@code UserFeatureConfs}). */
    public synchronized void userFeatures(User user) {
        Map<String, Object> s = stage("user_features", null);
        s.put("features", new LinkedHashMap<>(user.properties()));
    }

    /** One recall's answer, from the recall's thread, with the time it took. */
    public void recall(String name, List<Item> items, long tookNanos) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("ms", millis(tookNanos));
        List<Item> list = items == null ? List.of() : items;
        r.put("count", list.size());
        List<Map<String, Object>> rows = new ArrayList<>(list.size());
        for (Item i : list) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("item_id", i.id());
            row.put("score", i.score());
            rows.add(row);
        }
        r.put("items", rows);
        recalls.add(r);
    }

    /** A recall that failed (error, timeout, rejected, bulkhead) and so contributed nothing. */
    public void recallFailed(String name, String outcome) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("count", 0);
        r.put("error", outcome);
        r.put("items", List.of());
        recalls.add(r);
    }

    /** The recalls' merged candidates: the end of the recall stage. */
    public synchronized void recalled(List<Item> merged) {
        Map<String, Object> s = stage("recall", null);
        recalled = merged.size();
        s.put("count", merged.size());
        List<Map<String, Object>> byRecall;
        synchronized (recalls) {
            byRecall = new ArrayList<>(recalls);
        }
        // they arrived in finishing order; show them in merge order (RecallNames), failed and empty last
        Map<String, Integer> first = new java.util.HashMap<>();
        for (int p = merged.size() - 1; p >= 0; p--) {
            first.put(merged.get(p).retrieveId(), p);
        }
        byRecall.sort(java.util.Comparator.comparingInt(r -> first.getOrDefault((String) r.get("name"), Integer.MAX_VALUE)));
        s.put("recalls", byRecall);
    }

    /** One filter's stage: which of {@code before} are not in {@code after}. */
    public synchronized void filter(String name, List<Item> before, List<Item> after) {
        Map<String, Object> s = stage("filter", name);
        List<Map<String, Object>> removed = removed(before, after, "removed by filter " + name);
        removedByFilters += removed.size();
        s.put("before", before.size());
        s.put("after", after.size());
        s.put("removed", removed);
    }

    /** The item features once loaded ({@code FeatureConfs}): every item's properties. */
    public synchronized void itemFeatures(List<Item> items) {
        Map<String, Object> s = stage("item_features", null);
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        for (Item i : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("item_id", i.id());
            row.put("features", new LinkedHashMap<>(i.properties()));
            rows.add(row);
        }
        s.put("items", rows);
    }

    /** The rank stage: every model's score of each item ({@code RankScore}'s inputs) and the score it made. */
    public synchronized void ranked(List<Item> items) {
        Map<String, Object> s = stage("rank", null);
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        for (Item i : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("item_id", i.id());
            row.put("algo_scores", new LinkedHashMap<>(i.algoScores()));
            row.put("score", i.score());
            rows.add(row);
        }
        s.put("items", rows);
    }

    /** One sort's stage: each item's position before and after (1-based), and what it dropped, if anything. */
    public synchronized void sort(String name, List<Item> before, List<Item> after) {
        Map<String, Object> s = stage("sort", name);
        Map<Item, Integer> from = positions(before);
        List<Map<String, Object>> moves = new ArrayList<>(after.size());
        int moved = 0;
        for (int to = 0; to < after.size(); to++) {
            Item i = after.get(to);
            Integer f = from.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item_id", i.id());
            m.put("from", f == null ? null : f + 1);
            m.put("to", to + 1);
            if (f == null || f != to) {
                moved++;
            }
            moves.add(m);
        }
        List<Map<String, Object>> removed = removed(before, after, "dropped by sort " + name);
        removedBySorts += removed.size();
        s.put("before", before.size());
        s.put("after", after.size());
        s.put("moved", moved);
        s.put("moves", moves);
        s.put("removed", removed);
    }

    /** The truncation to {@code size}: the items past it. */
    public synchronized void truncated(int size, List<Item> before, List<Item> after) {
        Map<String, Object> s = stage("truncate", null);
        List<Map<String, Object>> removed = removed(before, after, "past size " + size);
        truncated = removed.size();
        returned = after.size();
        s.put("size", size);
        s.put("before", before.size());
        s.put("after", after.size());
        s.put("removed", removed);
    }

    /**
     * The trace as JSON-shaped maps and lists: {@code total_ms}, {@code stages} (each with {@code stage},
     * {@code name} where one component, {@code start_ms}, {@code ms}, and what it recorded) and
     * {@code accounting} (recalled = removed by filters + removed by sorts + truncated + returned).
     */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_ms", millis(markNanos - startNanos));
        m.put("stages", new ArrayList<>(stages));
        if (experiment != null) {
            m.put("experiment", experiment);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("recalled", recalled);
        a.put("removed_by_filters", removedByFilters);
        a.put("removed_by_sorts", removedBySorts);
        a.put("truncated", truncated);
        a.put("returned", Math.max(0, returned));
        a.put("balanced", returned >= 0 && recalled == removedByFilters + removedBySorts + truncated + returned);
        m.put("accounting", a);
        return m;
    }

    private Map<String, Object> stage(String kind, String name) {
        long now = nanos.getAsLong();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stage", kind);
        if (name != null) {
            s.put("name", name);
        }
        s.put("start_ms", millis(markNanos - startNanos));
        s.put("ms", millis(now - markNanos));
        markNanos = now;
        stages.add(s);
        return s;
    }

    private static List<Map<String, Object>> removed(List<Item> before, List<Item> after, String reason) {
        Map<Item, Integer> kept = positions(after);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int p = 0; p < before.size(); p++) {
            Item i = before.get(p);
            if (!kept.containsKey(i)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("item_id", i.id());
                row.put("retrieve_id", i.retrieveId());
                row.put("position", p + 1);
                row.put("reason", reason);
                out.add(row);
            }
        }
        return out;
    }

    private static Map<Item, Integer> positions(List<Item> items) {
        Map<Item, Integer> m = new IdentityHashMap<>(items.size() * 2);
        for (int p = 0; p < items.size(); p++) {
            m.putIfAbsent(items.get(p), p);
        }
        return m;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
