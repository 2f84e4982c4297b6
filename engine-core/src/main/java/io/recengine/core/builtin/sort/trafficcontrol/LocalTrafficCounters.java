package io.recengine.core.builtin.sort.trafficcontrol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The actual traffic as this process measures it: per target, the items it counts in the feed answers this
 * engine served ({@link #record}), overall and per experiment id, and per item under a {@code Single} task;
 * per task, every item of its answers that its item condition takes (the denominator of a {@code Percent}
 * task). Only answers of the task's scenes, of users its user condition takes, while task and target are
 * active count. Counts start again at midnight of the engine clock's zone (a target's aim is cumulative
 * over the day, {@code Hour} targets included, as in PAI-Rec).
 *
 * <p>Read as one measurement per {@code step} (PAI-Rec's figures come a minute apart): the record time is
 * the read time truncated to the step, so a controller integrates once per step with the counts of that
 * moment. Counting is lock-free ({@link LongAdder}); the per-experiment and per-item tables are bounded.
 */
public final class LocalTrafficCounters implements ActualTraffic {

    /** PAI-Rec's measurement cadence: the Flink job writes a figure a minute. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    /** Experiment ids counted apart per target; beyond it only the overall figure counts. */
    static final int MAX_EXPERIMENTS = 1_000;
    /** Items counted apart per {@code Single} target (least recently served ones dropped beyond it). */
    static final int MAX_ITEMS = 100_000;

    private final Clock clock;
    private final long stepMillis;
    private final AtomicReference<Day> day = new AtomicReference<>();

    public LocalTrafficCounters(Clock clock, Duration step) {
        this.clock = clock;
        this.stepMillis = Math.max(1, step.toMillis());
    }

    /** One day's counts; replaced whole at midnight. */
    private static final class Day {
        final LocalDate date;
        final Map<String, Counts> targets = new ConcurrentHashMap<>();
        final Map<String, Counts> tasks = new ConcurrentHashMap<>();

        Day(LocalDate date) {
            this.date = date;
        }
    }

    private static final class Counts {
        final LongAdder all = new LongAdder();
        final Map<String, LongAdder> byExperiment = new ConcurrentHashMap<>();
        volatile Cache<String, LongAdder> byItem;

        void add(String expId, long n) {
            all.add(n);
            if (!expId.isEmpty()) {
                LongAdder a = byExperiment.get(expId);
                if (a == null && byExperiment.size() < MAX_EXPERIMENTS) {
                    a = byExperiment.computeIfAbsent(expId, k -> new LongAdder());
                }
                if (a != null) {
                    a.add(n);
                }
            }
        }

        long get(String expId) {
            if (ALL.equals(expId)) {
                return all.sum();
            }
            LongAdder a = byExperiment.get(expId);
            return a == null ? 0 : a.sum();
        }

        Cache<String, LongAdder> items() {
            Cache<String, LongAdder> c = byItem;
            if (c == null) {
                synchronized (this) {
                    if (byItem == null) {
                        // maintenance on the caller: a few entries, no hand-off to the common pool per lookup
                        byItem = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ITEMS).build();
                    }
                    c = byItem;
                }
            }
            return c;
        }
    }

    private Day today(Instant now) {
        LocalDate date = LocalDate.ofInstant(now, clock.getZone());
        Day d = day.get();
        while (d == null || !d.date.equals(date)) {
            if (d != null && d.date.isAfter(date)) {
                return d; // the clock went back: keep counting into the newer day
            }
            Day fresh = new Day(date);
            if (day.compareAndSet(d, fresh)) {
                return fresh;
            }
            d = day.get();
        }
        return d;
    }

    /**
     * Counts one served answer: {@code items} as answered to {@code user} in {@code context}'s scene and
     * experiment, against every active task of {@code tasks}.
     */
    public void record(TrafficControlTasks tasks, RecContext context, User user, List<Item> items) {
        if (tasks.isEmpty() || items.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Day d = null;
        String expId = context.experimentId() == null ? "" : context.experimentId();
        long seconds = now.getEpochSecond();
        TaskConditions.Items conditions = new TaskConditions.Items(seconds);
        for (TrafficControlTasks.Task task : tasks.tasks()) {
            if (!task.activeAt(now) || !task.appliesToScene(context.sceneId())
                    || !TaskConditions.userMatches(task, user, seconds)) {
                continue;
            }
            if (d == null) {
                d = today(now);
            }
            long taskCount = 0;
            for (Item item : items) {
                if (conditions.matches(task.itemCondition(), item)) {
                    taskCount++;
                }
            }
            d.tasks.computeIfAbsent(task.id(), k -> new Counts()).add(expId, taskCount);
            for (TrafficControlTasks.Target target : task.targets()) {
                if (!target.activeAt(now)) {
                    continue;
                }
                Counts c = d.targets.computeIfAbsent(target.id(), k -> new Counts());
                long n = 0;
                for (Item item : items) {
                    if (conditions.matches(target.itemCondition(), item)) {
                        n++;
                        if (task.single()) {
                            c.items().get(item.id(), k -> new LongAdder()).increment();
                        }
                    }
                }
                c.add(expId, n);
            }
        }
    }

    @Override
    public Measurement global(TrafficControlTasks.Task task, TrafficControlTasks.Target target, String expId,
                              Instant now) {
        Day d = today(now);
        Counts t = d.targets.get(target.id());
        Counts k = d.tasks.get(task.id());
        if (t == null && k == null) {
            return null;
        }
        return new Measurement(t == null ? 0 : t.get(expId), k == null ? 0 : k.get(expId), step(now));
    }

    @Override
    public Measurement item(TrafficControlTasks.Target target, String itemId, Instant now) {
        Counts t = today(now).targets.get(target.id());
        Cache<String, LongAdder> items = t == null ? null : t.byItem;
        LongAdder a = items == null ? null : items.getIfPresent(itemId);
        return a == null ? null : new Measurement(a.sum(), 0, step(now));
    }

    private Instant step(Instant now) {
        long ms = now.toEpochMilli();
        return Instant.ofEpochMilli(ms - Math.floorMod(ms, stepMillis));
    }
}
