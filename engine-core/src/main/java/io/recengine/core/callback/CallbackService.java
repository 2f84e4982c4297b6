package io.recengine.core.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.Stages;
import io.recengine.core.pipeline.RequestUsers;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * {@code POST /api/callback} and the automatic callback after a feed request (PAI-Rec's
 * {@code CallBackController} and {@code CallBackHookFunc}).
 *
 * <p>What to do per scene (sinks, sampling, feature stages, rank) is the current generation's
 * {@link CallbackStages}; the queue and the workers live as long as the engine. Accepted callbacks go into
 * one bounded queue per engine ({@code EngineConf.CallbackQueueSize}, default 5000) served by
 * {@code EngineConf.CallbackWorkers} threads (default 8). A full queue refuses the callback
 * ({@link CallbackResult.Status#UNAVAILABLE}, {@code callback queue full}) and counts the rejection; the
 * automatic callback never waits either (it counts and drops, the feed answer is long gone). A worker loads
 * the {@code <scene>_callback} features, runs the callback rank, builds the rows ({@link CallbackRows}) and
 * hands them to the scene's {@link SinkChannel}, which writes them or spills them to disk for replay.
 * {@link #close()} stops accepting, drains the queue, gives the spills a last chance, and leaves what remains
 * on disk.
 *
 * <p>Metrics ({@code EngineMetrics.registry()}): {@code recengine.callback.requests{scene,sink,source,outcome}}
 * with outcome {@code queued} / {@code rejected}; {@code recengine.callback.rows{scene,sink,outcome}} with
 * outcome {@code written}, {@code spilled}, {@code replayed}, {@code failed}; gauges
 * {@code recengine.callback.queue.size} and {@code recengine.callback.spill.backlog{sink}} (bytes).
 */
public final class CallbackService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackService.class);

    private final Supplier<CallbackStages> stages;
    private final ArrayBlockingQueue<CallbackRequest> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final MeterRegistry registry;
    private final Clock clock;
    private final long timeoutMs;
    private final long drainMs;
    private volatile IntUnaryOperator random = bound -> ThreadLocalRandom.current().nextInt(bound);
    private volatile boolean closing;

    private CallbackService(Supplier<CallbackStages> stages, int queueSize, int workerCount, EngineMetrics metrics,
                            Clock clock, long timeoutMs, long drainMs) {
        this.stages = stages;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        this.registry = metrics.registry();
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.drainMs = drainMs;
        Gauge.builder("recengine.callback.queue.size", queue, ArrayBlockingQueue::size)
                .description("Callbacks waiting for a worker").register(registry);
        // no threads for an engine without callbacks; a reload that adds CallBackConfs restarts the engine
        if (!stages.get().isEmpty()) {
            for (int i = 0; i < Math.max(1, workerCount); i++) {
                Thread t = new Thread(this::workLoop, "recengine-callback-" + (i + 1));
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
        }
    }

    /**
     * Starts the queue and the workers ({@code EngineConf.CallbackQueueSize}, {@code CallbackWorkers},
     * {@code CallbackTimeoutMs}, {@code CallbackDrainTimeoutMs}) over the current generation's stages.
     */
    public static CallbackService start(EngineSettings settings, Supplier<CallbackStages> stages,
                                        EngineMetrics metrics, Clock clock) {
        return new CallbackService(stages, settings.callbackQueueSize(), settings.callbackWorkers(), metrics, clock,
                settings.callbackTimeoutMs(), settings.callbackDrainTimeoutMs());
    }

    /** For tests: the random source of the sampling rules ({@code bound -> [0, bound)}). */
    void random(IntUnaryOperator r) {
        this.random = r;
    }

    /** {@code POST /api/callback}: queues a decoded callback. Never throws. */
    public CallbackResult submit(CallbackRequest req) {
        CallbackStages.SceneCallback sc = stages.get().scene(req.sceneId());
        if (sc == null) {
            return new CallbackResult(CallbackResult.Status.UNKNOWN_SCENE,
                    "scene_id '" + req.sceneId() + "' has no CallBackConfs entry", req.requestId());
        }
        if (!enqueue(sc, req)) {
            return new CallbackResult(CallbackResult.Status.UNAVAILABLE,
                    closing ? "callback service shutting down" : "callback queue full", req.requestId());
        }
        return new CallbackResult(CallbackResult.Status.ACCEPTED, "success", req.requestId());
    }

    private boolean enqueue(CallbackStages.SceneCallback sc, CallbackRequest req) {
        boolean ok = !closing && queue.offer(req);
        requests(sc, req.auto() ? "auto" : "api", ok ? "queued" : "rejected").increment();
        return ok;
    }

    private Counter requests(CallbackStages.SceneCallback sc, String source, String outcome) {
        return registry.counter("recengine.callback.requests", "scene", sc.scene(), "sink", sc.channel().name(),
                "source", source, "outcome", outcome);
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
                ctx.complexTypeFeatures(), itemList, Map.of(), ctx.debug(), true);
        if (!enqueue(sc, req)) {
            LOG.warn("callback queue full: automatic callback of request {} dropped (counted)", ctx.requestId());
        }
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
        List<CallbackRequest> batch = new ArrayList<>(GROUP_COMMIT);
        Map<CallbackStages.SceneCallback, List<CallbackRow>> rowsByScene = new java.util.LinkedHashMap<>();
        while (true) {
            CallbackRequest first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            // group commit: one sink write (one round trip to Kafka or DataHub) for every queued callback
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, GROUP_COMMIT - 1);
            rowsByScene.clear();
            CallbackStages current = stages.get();
            for (CallbackRequest req : batch) {
                CallbackStages.SceneCallback sc = current.scene(req.sceneId());
                if (sc == null) {
                    LOG.warn("callback of request {}: scene {} has no CallBackConfs entry any more; not written",
                            req.requestId(), req.sceneId());
                    continue;
                }
                try {
                    rowsByScene.computeIfAbsent(sc, k -> new ArrayList<>()).addAll(process(sc, req));
                } catch (RuntimeException | LinkageError e) {
                    registry.counter("recengine.callback.rows", "scene", sc.scene(), "sink", sc.channel().name(),
                            "outcome", "failed").increment(1 + req.itemList().size());
                    LOG.error("callback of request {} failed: rows not written", req.requestId(), e);
                }
            }
            rowsByScene.forEach((sc, rows) -> {
                if (!rows.isEmpty()) {
                    sc.channel().write(sc.scene(), rows);
                }
            });
        }
    }

    /** PAI-Rec's {@code doCallbackLog}, up to the rows: one user row, then the item rows. */
    private List<CallbackRow> process(CallbackStages.SceneCallback sc, CallbackRequest req) {
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
        List<CallbackRow> rows = CallbackRows.build(req, user, items, clock.millis() / 1000);
        if (req.debug()) {
            for (CallbackRow r : rows) {
                LOG.info("requestId={}\tmsg={}", req.requestId(), r);
            }
        }
        return rows;
    }

    /** Stops accepting, drains the queue, lets the spills replay for what is left of the drain time. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!queue.isEmpty()) {
            LOG.error("callback shutdown: {} queued callbacks not processed within {} ms", queue.size(), drainMs);
        }
        stages.get().drain(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
}
