package io.recengine.core.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.Stages;
import io.recengine.core.pipeline.RequestUsers;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * {@code POST /api/callback} and the automatic callback after a feed request (PAI-Rec's
 * {@code CallBackController} and {@code CallBackHookFunc}).
 *
 * <p>What to do per scene (sinks, sampling, feature stages, rank) is the current generation's
 * {@link CallbackStages}; the journal, the queue and the workers live as long as the engine. A callback is
 * accepted once it is appended to the {@link CallbackJournal} (group-committed, so that a kill of the
 * process does not lose it) and put in one bounded queue per engine ({@code EngineConf.CallbackQueueSize},
 * default 5000) served by {@code EngineConf.CallbackWorkers} threads (default 8). A full queue refuses the
 * callback ({@link CallbackResult.Status#UNAVAILABLE}, {@code callback queue full}), and so does a journal
 * that cannot be written ({@value #NOT_DURABLE}): the engine never acknowledges a callback it could lose.
 * Both are counted; the automatic callback never waits either (it counts and drops, the feed answer is long
 * gone). A worker loads the {@code <scene>_callback} features, runs the callback rank, builds the rows
 * ({@link CallbackRows}) and hands them to the scene's {@link SinkChannel}, which writes them or spills them
 * to disk for replay; then the callbacks are marked done in the journal. Rows that can be neither written
 * nor spilled stay in the journal and the worker tries again every {@code CallbackRetryIntervalMs}. At
 * start, the journal's callbacks not marked done (the engine stopped or was killed first) are queued again.
 * {@link #close()} stops accepting, drains the queue, gives the spills a last chance, and leaves what
 * remains on disk (spill and journal) for the next start.
 *
 * <p>Metrics ({@code EngineMetrics.registry()}): {@code recengine.callback.requests{scene,sink,source,outcome}}
 * with outcome {@code queued} / {@code rejected} (queue full, shutting down) / {@code journal_failed};
 * {@code recengine.callback.rows{scene,sink,outcome}} with outcome {@code written}, {@code spilled},
 * {@code replayed} (from the spill, or from the journal after a restart), {@code failed} (lost); gauges
 * {@code recengine.callback.queue.size}, {@code recengine.callback.journal.entries} and
 * {@code recengine.callback.spill.backlog{sink}} (bytes).
 */
public final class CallbackService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackService.class);

    /** The answer's text when the journal cannot be written. */
    static final String NOT_DURABLE = "callback not accepted: journal not writable (disk full?)";

    /** A callback in the queue: accepted now, or read back from the journal at start. */
    private record Queued(CallbackRequest request, long seq, long acceptedMillis, boolean fromJournal) {
    }

    /** The rows of one worker batch bound for one scene's sink, and the journal entries they come from. */
    private record Delivery(CallbackStages.SceneCallback scene, boolean fromJournal, List<CallbackRow> rows,
                            List<Long> seqs) {
    }

    private final Supplier<CallbackStages> stages;
    private final CallbackJournal journal;
    /** Free queue slots: taken before the journal append, so a callback is journaled only when it fits. */
    private final Semaphore slots;
    private final ArrayBlockingQueue<Queued> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final Thread journalReplay;
    private final MeterRegistry registry;
    private final CallbackCounters counts;
    private final Clock clock;
    private final long timeoutMs;
    private final long drainMs;
    private final long retryMs;
    private final AtomicLong lastAutoWarning = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));
    private volatile IntUnaryOperator random = bound -> ThreadLocalRandom.current().nextInt(bound);
    private volatile long closeDeadline;
    private volatile boolean closing;

    private CallbackService(Supplier<CallbackStages> stages, CallbackJournal journal, int queueSize,
                            int workerCount, EngineMetrics metrics, Clock clock, long timeoutMs, long drainMs,
                            long retryMs) {
        this.stages = stages;
        this.journal = journal;
        this.slots = new Semaphore(Math.max(1, queueSize));
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        this.registry = metrics.registry();
        this.counts = CallbackCounters.of(registry);
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.drainMs = drainMs;
        this.retryMs = Math.max(1, retryMs);
        Gauge.builder("recengine.callback.queue.size", queue, ArrayBlockingQueue::size)
                .description("Callbacks waiting for a worker").register(registry);
        // no threads for an engine without callbacks; a reload that adds CallBackConfs restarts the engine
        if (journal == null) {
            this.journalReplay = null;
            return;
        }
        Gauge.builder("recengine.callback.journal.entries", journal, CallbackJournal::outstanding)
                .description("Accepted callbacks whose rows are not yet written or spilled").register(registry);
        for (int i = 0; i < Math.max(1, workerCount); i++) {
            Thread t = new Thread(this::workLoop, "recengine-callback-" + (i + 1));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        List<CallbackJournal.Entry> recovered = journal.takeRecovered();
        if (recovered.isEmpty()) {
            this.journalReplay = null;
        } else {
            this.journalReplay = new Thread(() -> requeue(recovered), "recengine-callback-journal-replay");
            journalReplay.setDaemon(true);
            journalReplay.start();
        }
    }

    /**
     * Opens the journal and starts the queue and the workers ({@code EngineConf.CallbackQueueSize},
     * {@code CallbackWorkers}, {@code CallbackTimeoutMs}, {@code CallbackDrainTimeoutMs},
     * {@code CallbackRetryIntervalMs}, {@code CallbackJournalDir}, {@code CallbackJournalFsync},
     * {@code CallbackJournalSegmentMB}) over the current generation's stages.
     *
     * @throws ConfigException when the journal directory cannot be opened or another engine uses it
     */
    public static CallbackService start(EngineConfig config, Supplier<CallbackStages> stages, EngineMetrics metrics,
                                        Clock clock) {
        return start(config, stages, metrics, clock, LogFiles.DEFAULT);
    }

    /** {@link #start(EngineConfig, Supplier, EngineMetrics, Clock)} with the journal's files opened by {@code files}. */
    static CallbackService start(EngineConfig config, Supplier<CallbackStages> stages, EngineMetrics metrics,
                                 Clock clock, LogFiles files) {
        EngineSettings settings = EngineSettings.of(config);
        CallbackJournal journal = null;
        if (!stages.get().isEmpty()) {
            Path dir = journalDir(config, settings);
            try {
                journal = CallbackJournal.open(dir, (long) (settings.callbackJournalSegmentMb() * 1024 * 1024),
                        settings.callbackJournalFsync(), files);
            } catch (IOException e) {
                throw new ConfigException("EngineConf", "CallbackJournalDir",
                        "cannot open the callback journal " + dir + ": " + e.getMessage(), e);
            }
            if (journal.unreadable() > 0) {
                counts(metrics).rows("", "journal", "failed", journal.unreadable());
            }
        }
        return new CallbackService(stages, journal, settings.callbackQueueSize(), settings.callbackWorkers(), metrics,
                clock, settings.callbackTimeoutMs(), settings.callbackDrainTimeoutMs(),
                settings.callbackRetryIntervalMs());
    }

    private static CallbackCounters counts(EngineMetrics metrics) {
        return CallbackCounters.of(metrics.registry());
    }

    /**
     * {@code EngineConf.CallbackJournalDir}, by default {@code callback-journal} beside the spill directory
     * ({@code CallbackSpillDir}, default {@code data/callback-spill}); relative paths from the config file's
     * directory.
     */
    static Path journalDir(EngineConfig config, EngineSettings settings) {
        if (!settings.callbackJournalDir().isEmpty()) {
            return resolve(config, settings.callbackJournalDir());
        }
        Path spill = resolve(config, settings.callbackSpillDir());
        Path parent = spill.getParent();
        return parent == null ? Path.of("callback-journal") : parent.resolve("callback-journal");
    }

    private static Path resolve(EngineConfig config, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || config.baseDir() == null) {
            return p.normalize();
        }
        return config.baseDir().resolve(p).normalize();
    }

    /** For tests: the random source of the sampling rules ({@code bound -> [0, bound)}). */
    void random(IntUnaryOperator r) {
        this.random = r;
    }

    /** {@code POST /api/callback}: journals and queues a decoded callback. Never throws. */
    public CallbackResult submit(CallbackRequest req) {
        CallbackStages.SceneCallback sc = stages.get().scene(req.sceneId());
        if (sc == null) {
            return new CallbackResult(CallbackResult.Status.UNKNOWN_SCENE,
                    "scene_id '" + req.sceneId() + "' has no CallBackConfs entry", req.requestId());
        }
        String refused = enqueue(sc, req);
        if (refused != null) {
            return new CallbackResult(CallbackResult.Status.UNAVAILABLE, refused, req.requestId());
        }
        return new CallbackResult(CallbackResult.Status.ACCEPTED, "success", req.requestId());
    }

    /** Journals and queues a callback; null when accepted, else why not (counted). */
    private String enqueue(CallbackStages.SceneCallback sc, CallbackRequest req) {
        String source = req.auto() ? "auto" : "api";
        if (closing || !slots.tryAcquire()) {
            requests(sc, source, "rejected").increment();
            return closing ? "callback service shutting down" : "callback queue full";
        }
        long now = clock.millis();
        long seq;
        try {
            seq = journal.append(req, now);
        } catch (IOException | RuntimeException e) {
            slots.release();
            if (closing) {
                requests(sc, source, "rejected").increment();
                return "callback service shutting down";
            }
            requests(sc, source, "journal_failed").increment();
            return NOT_DURABLE;
        }
        queue.add(new Queued(req, seq, now, false));
        requests(sc, source, "queued").increment();
        return null;
    }

    private Counter requests(CallbackStages.SceneCallback sc, String source, String outcome) {
        return registry.counter("recengine.callback.requests", "scene", sc.scene(), "sink", sc.channel().name(),
                "source", source, "outcome", outcome);
    }

    /** Queues the callbacks the journal holds from before the last stop, as queue slots free up. */
    private void requeue(List<CallbackJournal.Entry> entries) {
        for (CallbackJournal.Entry e : entries) {
            try {
                slots.acquire();
            } catch (InterruptedException ex) {
                return;
            }
            if (closing) {
                slots.release();
                return;
            }
            queue.add(new Queued(e.request(), e.seq(), e.acceptedMillis(), true));
        }
        LOG.info("callback journal: {} callbacks from before the last stop queued again", entries.size());
    }

    /** The feed's after-response hook (automatic callback), or null when no scene has a CallBackConfs entry. */
    public Stages.AfterResponse autoInvoke() {
        return stages.get().isEmpty() ? null : this::afterFeed;
    }

    /** PAI-Rec's {@code CallBackHookFunc}: sampling and debug rules, ItemSize, ItemSizeRate, UseUserFeatures. */
    private void afterFeed(RecContext ctx, User user, List<Item> items) {
        String scene = ctx.sceneId();
        CallbackStages current = stages.get();
        CallbackStages.AutoConf a = current.auto(scene);
        boolean flag = a != null && a.enabled();
        if (!ctx.debug() && !flag) {
            return;
        }
        if (flag && a.rate() > 0 && a.rate() < 100 && random.applyAsInt(100) >= a.rate()) {
            return;
        }
        CallbackStages.SceneCallback sc = current.scene(scene);
        if (sc == null || items.isEmpty()) {
            return;
        }
        List<Item> list = items;
        if (sc.itemSize() > 0 && list.size() > sc.itemSize()) {
            list = list.subList(0, sc.itemSize());
        }
        if (sc.itemSizeRate() > 0 && sc.itemSizeRate() < 100) {
            list = sample(list, sc.itemSizeRate());
        }
        Map<String, Object> features = new LinkedHashMap<>(sc.useUserFeatures() ? user.properties() : ctx.features());
        List<Map<String, Object>> itemList = new ArrayList<>(list.size());
        for (Item item : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item_id", item.id());
            m.put("score", item.score());
            m.putAll(item.properties());
            m.put("algo_scores", new LinkedHashMap<>(item.algoScores()));
            itemList.add(m);
        }
        CallbackRequest req = new CallbackRequest(scene, ctx.requestId(), user.id(), features,
                ctx.complexTypeFeatures(), itemList, requestInfo(ctx), ctx.debug(), true);
        String refused = enqueue(sc, req);
        if (refused != null) {
            long now = System.nanoTime();
            long last = lastAutoWarning.get();
            // at feed rate, one line a second is enough: the rest are counted
            if (now - last > TimeUnit.SECONDS.toNanos(1) && lastAutoWarning.compareAndSet(last, now)) {
                LOG.warn("automatic callback of request {} dropped (counted): {}", ctx.requestId(), refused);
            }
        }
    }

    /**
     * The automatic callback's {@code request_info}: the feed's {@code exp_id} when it fell into an experiment,
     * so that training rows split by experiment without a change to the sink's columns; else {@code {}} as
     * in PAI-Rec.
     */
    static Map<String, Object> requestInfo(RecContext ctx) {
        return ctx.experimentId().isEmpty() ? Map.of() : Map.of("exp_id", ctx.experimentId());
    }

    /** Systematic sampling with a random start: round(n * rate / 100) items, at least one. */
    private List<Item> sample(List<Item> items, int rate) {
        int n = items.size();
        int target = (int) Math.round(n * rate / 100.0);
        if (target == 0 && n > 0) {
            target = 1;
        }
        if (target >= n) {
            return items;
        }
        double step = (double) n / target;
        double start = ThreadLocalRandom.current().nextDouble() * step;
        List<Item> out = new ArrayList<>(target);
        for (int i = 0; i < target; i++) {
            int idx = (int) (start + i * step);
            if (idx < n) {
                out.add(items.get(idx));
            }
        }
        return out.isEmpty() ? items : out;
    }

    /** Callbacks a worker takes from the queue at once: their rows go to each sink in one write. */
    static final int GROUP_COMMIT = 64;

    private void workLoop() {
        List<Queued> batch = new ArrayList<>(GROUP_COMMIT);
        Map<Object, Delivery> deliveries = new LinkedHashMap<>();
        while (true) {
            Queued first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null || pastDrainDeadline()) {
                if (closing) {
                    // past the deadline, what is still queued stays in the journal for the next start
                    return;
                }
                continue;
            }
            // group commit: one sink write (one round trip to Kafka or DataHub) for every queued callback
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, GROUP_COMMIT - 1);
            slots.release(batch.size());
            deliveries.clear();
            List<Long> finished = new ArrayList<>();
            CallbackStages current = stages.get();
            for (Queued q : batch) {
                CallbackRequest req = q.request();
                CallbackStages.SceneCallback sc = current.scene(req.sceneId());
                if (sc == null) {
                    counts.rows(req.sceneId(), "", "failed", 1 + req.itemList().size());
                    LOG.error("callback of request {}: scene {} has no CallBackConfs entry any more; not written",
                            req.requestId(), req.sceneId());
                    finished.add(q.seq());
                    continue;
                }
                try {
                    List<CallbackRow> rows = process(sc, q);
                    Delivery d = deliveries.computeIfAbsent(List.of(sc, q.fromJournal()),
                            k -> new Delivery(sc, q.fromJournal(), new ArrayList<>(), new ArrayList<>()));
                    d.rows().addAll(rows);
                    d.seqs().add(q.seq());
                } catch (RuntimeException | LinkageError e) {
                    // not retried: it would fail the same way at every start
                    counts.rows(sc.scene(), sc.channel().name(), "failed", 1 + req.itemList().size());
                    LOG.error("callback of request {} failed: rows not written", req.requestId(), e);
                    finished.add(q.seq());
                }
            }
            journal.advance(finished);
            for (Delivery d : deliveries.values()) {
                if (!d.rows().isEmpty() && !deliver(d)) {
                    return;
                }
            }
        }
    }

    /**
     * Writes or spills the rows, then marks their callbacks done in the journal. While neither works (the
     * spill's disk is full) the rows stay in the journal and this worker tries again every
     * {@code CallbackRetryIntervalMs}; at shutdown it gives up at the drain deadline, leaving them in the
     * journal for the next start. False when interrupted.
     */
    private boolean deliver(Delivery d) {
        CallbackStages.SceneCallback sc = d.scene();
        while (true) {
            if (pastDrainDeadline()) {
                LOG.error("callback shutdown: {} rows of {} callbacks neither written nor spilled; they stay in the "
                        + "callback journal for the next start", d.rows().size(), d.seqs().size());
                return true;
            }
            if (sc.channel().write(sc.scene(), d.rows(), d.fromJournal())) {
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(retryMs);
            } catch (InterruptedException e) {
                return false;
            }
        }
        journal.advance(d.seqs());
        return true;
    }

    /** PAI-Rec's {@code doCallbackLog}, up to the rows: one user row, then the item rows. */
    private List<CallbackRow> process(CallbackStages.SceneCallback sc, Queued q) {
        CallbackRequest req = q.request();
        RecContext ctx = RecContext.builder(req.requestId()).sceneId(req.sceneId() + "_callback").category("default")
                .debug(req.debug()).features(req.features()).complexTypeFeatures(req.complexTypeFeatures())
                .itemList(req.itemList()).deadlineNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs))
                .build();
        User user = RequestUsers.of(req.uid(), req.features());
        List<Item> items = new ArrayList<>(req.itemList().size());
        for (Map<String, Object> m : req.itemList()) {
            Item item = new Item(String.valueOf(m.get("item_id")));
            m.forEach((k, v) -> {
                if (!"item_id".equals(k)) {
                    item.setProperty(k, v);
                }
            });
            items.add(item);
        }
        if (sc.itemSize() > 0 && items.size() > sc.itemSize()) {
            items = new ArrayList<>(items.subList(0, sc.itemSize()));
        }
        if (sc.userStage() != null) {
            sc.userStage().loadUser(ctx, user);
        }
        if (sc.itemStage() != null) {
            sc.itemStage().loadItems(ctx, user, items);
        }
        int debugLevel = 3;
        if (sc.rawFeatures() && sc.rawFeaturesRate() > 0 && random.applyAsInt(100) < sc.rawFeaturesRate()) {
            debugLevel = 1;
        }
        if (req.debug()) {
            debugLevel = 2;
        }
        sc.rank().rank(ctx, user, items, debugLevel);
        // request_time is when the callback was accepted, also when it is processed again after a restart
        List<CallbackRow> rows = CallbackRows.build(req, user, items, q.acceptedMillis() / 1000);
        if (req.debug()) {
            for (CallbackRow r : rows) {
                LOG.info("requestId={}\tmsg={}", req.requestId(), r);
            }
        }
        return rows;
    }

    private boolean pastDrainDeadline() {
        return closing && System.nanoTime() - closeDeadline >= 0;
    }

    /**
     * Stops accepting, drains the queue, lets the spills replay for what is left of the drain time, and
     * closes the journal. What is not written by then stays in the spill and the journal for the next start.
     */
    @Override
    public void close() {
        closeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
        closing = true;
        if (journalReplay != null) {
            journalReplay.interrupt();
        }
        // past the drain deadline a worker starts nothing new; it gets a little longer to finish the write in its
        // hands, so that nothing is written after the journal is closed (that would be written twice)
        long grace = closeDeadline + TimeUnit.MILLISECONDS.toNanos(retryMs + 1000);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(grace - System.nanoTime())));
                if (t.isAlive()) {
                    LOG.warn("callback shutdown: {} still inside a sink write", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!queue.isEmpty()) {
            LOG.warn("callback shutdown: {} queued callbacks not processed within {} ms; they stay in the callback "
                    + "journal for the next start", queue.size(), drainMs);
        }
        stages.get().drain(Math.max(0, TimeUnit.NANOSECONDS.toMillis(closeDeadline - System.nanoTime())));
        if (journal != null) {
            journal.close();
        }
    }
}
