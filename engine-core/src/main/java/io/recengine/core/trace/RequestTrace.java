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
 * scores, each filter's removals, the coarse rank and its actions, the item features, the model scores,
 * the cold-start rank, the mini-pipelines and what they added, each sort's moves and the truncation, each
 * with its time. Created only for requests from the diagnostic page: the pipeline's hooks are
 * {@code if (trace != null) trace.x(...)}, so normal traffic pays a null check.
 *
 * <p>Stage times are the time since the previous hook (the stages run one after the other), so each hook
 * is one call at the stage's end. Recalls run in parallel and report their own times, and so does work
 * that runs beside a stage (the cold-start model beside the main models): it is listed after that stage.
 * A part with steps of its own (a coarse rank, a mini-pipeline) is recorded in a {@link #part} trace,
 * whose stages become the part's {@code steps}; its times count from the request's start too, so a
 * mini-pipeline that ran beside the scene's stages shows where it ran. Items are told apart by identity,
 * not by id: before {@code UniqueFilter} one id may come from several recalls. Thread-safe (recall hooks
 * arrive from the recall pool, mini-pipelines run on stage threads).
 */
public final class RequestTrace {

    private final LongSupplier nanos;
    private final long startNanos;
    private long markNanos;
    private final List<Map<String, Object>> stages = new ArrayList<>();
    private final List<Map<String, Object>> recalls = Collections.synchronizedList(new ArrayList<>());
    /** Work that ran beside the stage in progress; listed after it when it ends. */
    private final List<Map<String, Object>> beside = new ArrayList<>();
    private int recalled;
    private int removedByFilters;
    private int removedByGeneralRank;
    private int addedByPipelines;
    private int removedBySorts;
    private int truncated;
    private int returned = -1;
    /** The request's experiment as the plan applied it; null without one. */
    private Map<String, Object> experiment;
    private String experimentRankScore;
    /** A part's name, its first clock reading, and how it ended; unused in the request's own trace. */
    private final String partName;
    private final long partStartNanos;
    private long partEndNanos = -1;
    private int partCount = -1;
    private String partError;

    /** A trace whose clock is {@link System#nanoTime()}. */
    public RequestTrace() {
        this(System::nanoTime);
    }

    /** @param nanos the clock stage times are read from (a fake one in tests) */
    public RequestTrace(LongSupplier nanos) {
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.markNanos = startNanos;
        this.partName = null;
        this.partStartNanos = startNanos;
    }

    private RequestTrace(RequestTrace of, String name) {
        this.nanos = of.nanos;
        this.startNanos = of.startNanos;
        this.markNanos = nanos.getAsLong();
        this.partName = name;
        this.partStartNanos = markNanos;
    }

    /**
     * A trace for a part with steps of its own (a coarse rank, a mini-pipeline), starting now: its hooks
     * are this class's, its stages become the part's {@code steps} when the part is recorded here
     * ({@link #generalRank}, {@link #pipelines}). Accounting is this trace's, not the part's.
     */
    public RequestTrace part(String name) {
        return new RequestTrace(this, name);
    }

    /** This trace's clock, for the times of work that runs beside a stage. */
    public long now() {
        return nanos.getAsLong();
    }

    /** A part that ended with {@code count} items (on the part's thread). */
    public synchronized void partEnded(int count) {
        partEndNanos = nanos.getAsLong();
        partCount = count;
    }

    /** A part that failed or was not done when it was waited for ({@code timeout}, {@code error}, ...). */
    public synchronized void partFailed(String outcome) {
        partError = outcome;
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
        removedByFilters += inAndOut(stage("filter", name), before, after, "removed by filter " + name);
    }

    /** Puts {@code before}, {@code after} and {@code removed} into stage {@code s}; returns how many were removed. */
    private static int inAndOut(Map<String, Object> s, List<Item> before, List<Item> after, String reason) {
        List<Map<String, Object>> removed = removed(before, after, reason);
        s.put("before", before.size());
        s.put("after", after.size());
        s.put("removed", removed);
        return removed.size();
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
        s.put("items", scored(items));
    }

    private static List<Map<String, Object>> scored(List<Item> items) {
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        for (Item i : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("item_id", i.id());
            row.put("algo_scores", new LinkedHashMap<>(i.algoScores()));
            row.put("score", i.score());
            rows.add(row);
        }
        return rows;
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

    /**
     * A coarse rank ({@code GeneralRankConfs}, {@code ColdStartGeneralRankConfs}, a pipeline's
     * {@code GeneralRankConf}): {@code before} in, {@code after} out, its steps (features, models, actions)
     * from {@code part}. What it removed counts as removed by the coarse rank.
     */
    public synchronized void generalRank(String name, List<Item> before, List<Item> after, RequestTrace part) {
        Map<String, Object> s = stage("general_rank", name);
        removedByGeneralRank += inAndOut(s, before, after, "removed by coarse rank " + name);
        s.put("steps", part.steps());
    }

    /**
     * A cold-start rank ({@code ColdStartRankConfs}) that ran beside the scene's models from
     * {@code startNanos} to {@code endNanos} (this trace's clock): its model's score of each item of the
     * recall. Listed after the stage it ran beside.
     */
    public synchronized void coldStartRankBeside(String algo, String recallName, List<Item> items, long startNanos,
                                                 long endNanos) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stage", "cold_start_rank");
        s.put("name", algo);
        s.put("recall", recallName);
        s.put("start_ms", millis(startNanos - this.startNanos));
        s.put("ms", millis(endNanos - startNanos));
        s.put("items", scored(items));
        beside.add(s);
    }

    /** A pipeline's {@code ColdStartRankConf}, after its rank: the model's score of each of its items. */
    public synchronized void coldStartRank(String algo, List<Item> items) {
        Map<String, Object> s = stage("cold_start_rank", algo);
        s.put("items", scored(items));
    }

    /**
     * The mini-pipelines ({@code PipelineConfs}) merged into the scene's items: {@code before} and
     * {@code after} the merge, and each pipeline's {@link #part} (its steps, count, time, and how it failed).
     * The items it appended count as added by the pipelines.
     */
    public synchronized void pipelines(List<Item> before, List<Item> after, List<RequestTrace> parts) {
        Map<String, Object> s = stage("pipelines", null);
        int added = after.size() - before.size();
        addedByPipelines += added;
        s.put("before", before.size());
        s.put("after", after.size());
        s.put("added", added);
        List<Map<String, Object>> rows = new ArrayList<>(parts.size());
        long now = nanos.getAsLong();
        for (RequestTrace p : parts) {
            rows.add(p.asPipeline(now));
        }
        s.put("pipelines", rows);
    }

    private synchronized Map<String, Object> asPipeline(long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", partName);
        m.put("start_ms", millis(partStartNanos - startNanos));
        m.put("ms", millis((partEndNanos < 0 ? now : partEndNanos) - partStartNanos));
        m.put("count", Math.max(0, partCount));
        if (partError != null) {
            m.put("error", partError);
        }
        m.put("steps", new ArrayList<>(stages));
        return m;
    }

    private synchronized List<Map<String, Object>> steps() {
        List<Map<String, Object>> out = new ArrayList<>(stages);
        out.addAll(beside);
        return out;
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
     * {@code accounting} (recalled + added by pipelines = removed by filters + removed by the coarse rank +
     * removed by sorts + truncated + returned).
     */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_ms", millis(markNanos - startNanos));
        m.put("stages", new ArrayList<>(stages));
        if (experiment != null) {
            m.put("experiment", experiment);
        }
        m.put("stages", steps());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("recalled", recalled);
        a.put("added_by_pipelines", addedByPipelines);
        a.put("removed_by_filters", removedByFilters);
        a.put("removed_by_general_rank", removedByGeneralRank);
        a.put("removed_by_sorts", removedBySorts);
        a.put("truncated", truncated);
        a.put("returned", Math.max(0, returned));
        a.put("balanced", returned >= 0 && recalled + addedByPipelines
                == removedByFilters + removedByGeneralRank + removedBySorts + truncated + returned);
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
        stages.addAll(beside);
        beside.clear();
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
