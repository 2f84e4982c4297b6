package io.recengine.core.feature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.Bulkhead;
import io.recengine.spi.concurrent.FailureText;
import io.recengine.spi.concurrent.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The feature-loading stage of one scene: {@code UserFeatureConfs[scene]} (user stage, pipeline stage 2)
 * or {@code FeatureConfs[scene]} (item stage, pipeline stage 8), as PAI-Rec's
 * {@code UserFeatureService} / {@code FeatureService}.
 *
 * <p>Config: {@code {"AsynLoadFeature": bool, "FeatureLoadConfs": [{"FeatureDaoConf": {...},
 * "Features": [...]}]}}. Each {@code FeatureLoadConfs} element is one DAO fetch (the DAO chosen by
 * {@code FeatureDaoConf.AdapterType}; none when empty) followed by its {@link FeatureTransform}s.
 *
 * <ul>
 *   <li>User stage ({@link #loadUser}): every element runs concurrently on the executor; the stage waits
 *       for all of them except those with {@code FeatureDaoConf.FeatureAsyncLoad: true}, but never past
 *       the request deadline ({@link RecContext#remainingNanos()}): late elements are cancelled
 *       (interrupted), logged and counted. {@code AsynLoadFeature} is ignored, as in PAI-Rec. Elements whose
 *       DAO is {@linkplain FeatureDao#inProcess() in-process} (or that have none) run on the calling thread
 *       after the others are queued: a pool hand-off costs more than such a load.</li>
 *   <li>Item stage ({@link #loadItems}): elements run in config order on the calling thread, or all
 *       concurrently on the executor when {@code AsynLoadFeature} is true (then bounded by the deadline
 *       like the user stage). {@code FeatureStore: "user"} elements load user features, others item
 *       features ({@code FeatureAsyncLoad} is ignored there, as in PAI-Rec).</li>
 * </ul>
 *
 * <p>A DAO or transform that throws is logged with the component path, scene and cause, counted in
 * {@code recengine.feature.errors} (tags {@code scene}, {@code adapter}) and skipped; the other elements
 * go on, and the element's transforms still run after a failed fetch (as in PAI-Rec, whose DAOs log and
 * return). The debug log gets {@link FailureText}'s neutral words, never the cause's text.
 *
 * <p>Each element may hold at most its {@link Bulkhead}'s limit of executor threads at once (concurrent
 * and {@code FeatureAsyncLoad} runs); past it, a load is refused without running and counted, so a DAO whose
 * store hangs cannot take the threads the other loads, rank models and scenes need.
 *
 * <p>Not implemented: PAI-Rec's {@code CacheFeaturesName} / {@code LoadFromCacheFeaturesName} staging
 * (DAOs merge their features directly) and custom {@code LoadFeatureFunc}/{@code FeatureFunc} hooks.
 *
 * <p>Immutable and thread-safe; build it once per config version. The DAOs come from the engine's
 * factory; {@link #daos()} lists them for whoever owns their lifecycle.
 */
public final class FeatureStage {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureStage.class);

    /**
     * Counter of failed, timed-out or refused feature loads; tags {@code scene}, {@code adapter},
     * {@code outcome} ({@link FailureText#label}: {@code error}, {@code timeout}, {@code rejected},
     * {@code bulkhead}, {@code interrupted}).
     */
    public static final String ERRORS_METRIC = "recengine.feature.errors";

    private final String component;
    private final boolean userStage;
    private final boolean parallel;
    private final List<Entry> entries;
    private final Executor executor;
    private final Fanout fanout;
    private final MeterRegistry registry;

    private FeatureStage(String component, boolean userStage, boolean parallel, List<Entry> entries,
                         Executor executor, MeterRegistry registry) {
        this.component = component;
        this.userStage = userStage;
        this.parallel = parallel;
        this.entries = List.copyOf(entries);
        this.executor = executor;
        this.fanout = Fanout.on(executor);
        this.registry = registry;
    }

    /** {@link #build(ComponentConfig, boolean, Function, Executor, Clock, MeterRegistry, Function)} without metrics. */
    public static FeatureStage build(ComponentConfig sceneFeatureConf, boolean userStage,
                                     Function<ComponentConfig, FeatureDao> daoFactory,
                                     Executor executor, Clock clock) {
        return build(sceneFeatureConf, userStage, daoFactory, executor, clock, null, conf -> null);
    }

    /** {@link #build(ComponentConfig, boolean, Function, Executor, Clock, MeterRegistry, Function)} without bulkheads. */
    public static FeatureStage build(ComponentConfig sceneFeatureConf, boolean userStage,
                                     Function<ComponentConfig, FeatureDao> daoFactory,
                                     Executor executor, Clock clock, MeterRegistry registry) {
        return build(sceneFeatureConf, userStage, daoFactory, executor, clock, registry, conf -> null);
    }

    /**
     * Builds the stage.
     *
     * @param sceneFeatureConf {@code FeatureConfs[scene]} or {@code UserFeatureConfs[scene]}
     * @param userStage        true for {@code UserFeatureConfs}
     * @param daoFactory       builds the DAO of a {@code FeatureDaoConf} object; null when its
     *                         {@code AdapterType} is empty (the element then only runs its transforms)
     * @param executor         runs concurrent elements
     * @param clock            time source of the time-based normalizers (read in the system default zone)
     * @param registry         where {@link #ERRORS_METRIC} is counted; null for none
     * @param bulkheads        the bulkhead of an element's {@code FeatureDaoConf}; null for no limit
     * @throws ConfigException the first problem {@link #check} reports (the engine calls check first), or
     *                         one {@code bulkheads} reports
     */
    public static FeatureStage build(ComponentConfig sceneFeatureConf, boolean userStage,
                                     Function<ComponentConfig, FeatureDao> daoFactory,
                                     Executor executor, Clock clock, MeterRegistry registry,
                                     Function<ComponentConfig, Bulkhead> bulkheads) {
        Objects.requireNonNull(sceneFeatureConf, "sceneFeatureConf");
        Objects.requireNonNull(daoFactory, "daoFactory");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bulkheads, "bulkheads");
        Problems problems = new Problems();
        List<ParsedEntry> parsed = parse(sceneFeatureConf, userStage, null, clock, problems);
        boolean parallel = problems.bool(sceneFeatureConf, "AsynLoadFeature");
        problems.throwFirst();
        List<Entry> entries = new ArrayList<>(parsed.size());
        for (ParsedEntry p : parsed) {
            Bulkhead bulkhead = bulkheads.apply(p.daoConf);
            FeatureDao dao = daoFactory.apply(p.daoConf);
            entries.add(new Entry(p.daoConf.component(), p.adapter, dao, p.userStore, p.asyncLoad, p.transforms,
                    bulkhead));
        }
        return new FeatureStage(sceneFeatureConf.component(), userStage, parallel, entries, executor, registry);
    }

    /**
     * Start-up validation of {@code FeatureConfs[scene]} / {@code UserFeatureConfs[scene]}: every problem
     * at once, each naming the component path and key.
     *
     * @param knownAdapterTypes the feature DAO {@code AdapterType}s the engine can build
     */
    public static List<ConfigException> check(ComponentConfig sceneFeatureConf, boolean userStage,
                                              Set<String> knownAdapterTypes) {
        Problems problems = new Problems();
        problems.bool(sceneFeatureConf, "AsynLoadFeature");
        parse(sceneFeatureConf, userStage, knownAdapterTypes == null ? Set.of() : knownAdapterTypes,
                Clock.systemDefaultZone(), problems);
        return problems.list();
    }

    private record ParsedEntry(ComponentConfig daoConf, String adapter, boolean userStore, boolean asyncLoad,
                               List<FeatureTransform> transforms) {
    }

    /** @param knownAdapters null: do not check adapter types (the factory decides) */
    private static List<ParsedEntry> parse(ComponentConfig conf, boolean userStage, Set<String> knownAdapters,
                                           Clock clock, Problems problems) {
        ZoneId zone = ZoneId.systemDefault();
        List<ParsedEntry> out = new ArrayList<>();
        for (ComponentConfig load : problems.children(conf, "FeatureLoadConfs")) {
            ComponentConfig dao = problems.child(load, "FeatureDaoConf");
            String adapter = problems.string(dao, "AdapterType");
            String store = problems.string(dao, "FeatureStore");
            boolean asyncLoad = problems.bool(dao, "FeatureAsyncLoad");
            if (knownAdapters != null && !adapter.isEmpty() && !knownAdapters.contains(adapter)) {
                problems.add(dao, "AdapterType", "unknown adapter type \"" + adapter + "\"; known: "
                        + (knownAdapters.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(knownAdapters))));
            }
            if (userStage) {
                if (!SourceRef.USER.equals(store)) {
                    problems.add(dao, "FeatureStore", "must be \"user\" in UserFeatureConfs (PAI-Rec refuses to "
                            + "start otherwise), got \"" + store + "\"");
                }
            } else if (!store.isEmpty() && !SourceRef.USER.equals(store) && !SourceRef.ITEM.equals(store)) {
                problems.add(dao, "FeatureStore", "must be \"user\" or \"item\", got \"" + store + "\"");
            }
            List<FeatureTransform> transforms = new ArrayList<>();
            for (ComponentConfig f : problems.children(load, "Features")) {
                FeatureTransform t = FeatureTransforms.parse(f, clock, zone, problems);
                if (t != null) {
                    transforms.add(t);
                }
            }
            out.add(new ParsedEntry(dao, adapter, SourceRef.USER.equals(store), asyncLoad, List.copyOf(transforms)));
        }
        return out;
    }

    /** True when the config has no {@code FeatureLoadConfs}. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The DAOs the factory built, in config order (without nulls). */
    public List<FeatureDao> daos() {
        List<FeatureDao> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dao != null) {
                out.add(e.dao);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Loads user features (the user stage). Returns when every element without
     * {@code FeatureAsyncLoad} is done or the request deadline has passed.
     */
    public void loadUser(RecContext ctx, User user) {
        if (entries.isEmpty()) {
            return;
        }
        List<Entry> awaited = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (e.asyncLoad) {
                runDetached(ctx, e, user);
            } else {
                awaited.add(e);
            }
        }
        runAll(ctx, awaited, user, List.of());
    }

    /**
     * Loads features before ranking (the item stage): user-store elements load user features,
     * item-store elements item features of {@code items}; then each element's transforms run.
     */
    public void loadItems(RecContext ctx, User user, List<Item> items) {
        if (entries.isEmpty()) {
            return;
        }
        List<Item> view = items == null ? List.of() : items;
        if (!parallel) {
            for (Entry e : entries) {
                run(ctx, e, user, view);
            }
            return;
        }
        runAll(ctx, entries, user, view);
    }

    /**
     * {@code FeatureAsyncLoad}: started on the executor, never awaited, so never cancelled either: its
     * bulkhead permit is what bounds the threads a hanging store can take this way.
     */
    private void runDetached(RecContext ctx, Entry e, User user) {
        Bulkhead b = e.bulkhead;
        try {
            executor.execute(() -> {
                // the permit is taken by the thread that runs the load, as Fanout does
                if (b != null && !b.tryAcquire()) {
                    Bulkhead.FullException full = b.refusal();
                    fail(ctx, e, FailureText.label(full), FailureText.of("feature load", full), null);
                    return;
                }
                try {
                    run(ctx, e, user, List.of());
                } finally {
                    if (b != null) {
                        b.release();
                    }
                }
            });
        } catch (RejectedExecutionException ex) {
            fail(ctx, e, FailureText.label(ex), FailureText.of("feature load", ex), ex);
        }
    }

    /** Runs {@code elements} concurrently until done or the request deadline; late ones are cancelled. */
    private void runAll(RecContext ctx, List<Entry> elements, User user, List<Item> items) {
        if (elements.isEmpty()) {
            return;
        }
        List<Fanout.Task<Void>> tasks = new ArrayList<>(elements.size());
        for (Entry e : elements) {
            tasks.add(Fanout.Task.<Void>of(() -> {
                run(ctx, e, user, items);
                return null;
            }).limitedBy(e.bulkhead).onCaller(e.dao == null || e.dao.inProcess()));
        }
        List<Fanout.Result<Void>> results = fanout.run(tasks, ctx.remainingNanos());
        for (int i = 0; i < results.size(); i++) {
            Fanout.Result<Void> r = results.get(i);
            if (!r.isOk()) {
                fail(ctx, elements.get(i), FailureText.label(r), FailureText.of("feature load", r, 0), r.failure());
            }
        }
    }

    /** One element: fetch, then transforms; failures are logged and counted, never thrown. */
    private void run(RecContext ctx, Entry e, User user, List<Item> items) {
        if (e.dao != null) {
            try {
                if (e.userStore) {
                    e.dao.loadUserFeatures(ctx, user);
                } else {
                    e.dao.loadItemFeatures(ctx, user, items);
                }
            } catch (RuntimeException ex) {
                fail(ctx, e, FailureText.label(ex), FailureText.of("feature load", ex), ex);
            }
        }
        for (FeatureTransform t : e.transforms) {
            try {
                t.apply(ctx, user, items);
            } catch (RuntimeException ex) {
                fail(ctx, e, FailureText.label(ex), FailureText.of("feature transform", ex), ex);
            }
        }
    }

    /**
     * Logs (with the cause), counts and notes a failed element: the debug log gets {@code text}, the
     * neutral words of {@link FailureText}; the cause's message (hosts, URLs, class names) stays in the log.
     *
     * @param outcome {@link FailureText#label} of the failure
     */
    private void fail(RecContext ctx, Entry e, String outcome, String text, Throwable cause) {
        String adapter = e.adapter.isEmpty() ? "none" : e.adapter;
        String msg = "module=FeatureStage\tstage=" + (userStage ? "user" : "item") + "\tscene=" + ctx.sceneId()
                + "\tcomponent=" + e.component + "\tadapter=" + adapter + "\terror=" + text;
        if (cause == null) {
            LOG.warn("requestId={}\t{}\toutcome={}", ctx.requestId(), msg, outcome);
        } else {
            LOG.warn("requestId={}\t{}\toutcome={}: {}", ctx.requestId(), msg, outcome, cause.toString(), cause);
        }
        // counted before the context log: whoever sees the log (a test, a debug response) sees the count too
        if (registry != null) {
            Counter.builder(ERRORS_METRIC)
                    .description("Feature loads that failed or timed out")
                    .tag("scene", ctx.sceneId())
                    .tag("adapter", adapter)
                    .tag("outcome", outcome)
                    .register(registry)
                    .increment();
        }
        ctx.log("ERROR", msg);
    }

    @Override
    public String toString() {
        return "FeatureStage{" + component + ", " + (userStage ? "user" : "item") + ", " + entries.size()
                + " load(s)" + (parallel && !userStage ? ", parallel" : "") + "}";
    }

    /** @param bulkhead the DAO's concurrency limit on the executor; null for none */
    private record Entry(String component, String adapter, FeatureDao dao, boolean userStore, boolean asyncLoad,
                         List<FeatureTransform> transforms, Bulkhead bulkhead) {
    }
}
