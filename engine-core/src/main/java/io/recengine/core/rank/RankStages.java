package io.recengine.core.rank;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.expr.Expression;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.plugin.PluginRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.Values;
import io.recengine.spi.concurrent.Bulkhead;
import io.recengine.spi.concurrent.FailureText;
import io.recengine.spi.concurrent.Fanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds a scene's rank stage from {@code RankConf[scene]} (PAI-Rec stage 9) and the callback's rank.
 *
 * <p>Items are cut into batches of {@code BatchCount}; every batch x algo of {@code RankAlgoList} is
 * one task of a {@link Fanout} on the bounded pool, waited for under the algo's budget ({@code Timeout} ms, default 100,
 * times its {@code RetryTimes} attempts, plus a small grace; never past the request deadline). A
 * failed, late or rejected task leaves that algo's scores off its items, is logged (with the cause) and
 * counted ({@code recengine_component_failures_total{kind="rank"}}, outcome {@code error}, {@code timeout},
 * {@code rejected} or {@code bulkhead}); the debug log gets {@link FailureText}'s neutral words only; the
 * request goes on. A model's batches hold at most its {@link Bulkhead}'s limit of pool threads at once
 * (refused at once past it), so a model that hangs cannot take the threads of the others. Scores are attached
 * on the request thread as {@code <algo>} / {@code <algo>_<output>}, then {@code ScoreRewrite} and
 * {@code RankScore} are evaluated per item.
 */
public final class RankStages {

    private static final Logger LOG = LoggerFactory.getLogger(RankStages.class);

    /** PAI-Rec's EAS default when {@code Timeout} is absent or not positive. */
    public static final int DEFAULT_TIMEOUT_MS = 100;
    /** Slack over the ranker's own timeouts before the stage gives up on a task. */
    static final long GRACE_MS = 20;
    /** EasyRec {@code debug_level} of a debug feed request (PAI-Rec sends 100 with {@code meta_data.request_id}). */
    public static final int DEBUG_LEVEL_REQUEST = 100;

    private RankStages() {
    }

    /**
     * @param scene    the scene
     * @param rankConf {@code RankConf[scene]}, or null when the scene has none
     * @param catalog  built components: {@code catalog.ranker(algoName)}, {@code catalog.algoConf(algoName)}
     * @param pool     bounded pool for concurrent batches
     * @throws ConfigException when {@code RankScore} or {@code ScoreRewrite} does not parse
     */
    public static RankStage build(String scene, ComponentConfig rankConf, RankerSource catalog,
                                  EngineMetrics metrics, Executor pool) {
        return build(scene, rankConf, catalog, metrics, pool, name -> null);
    }

    /**
     * {@link #build(String, ComponentConfig, RankerSource, EngineMetrics, Executor)} with a concurrency limit
     * per model.
     *
     * @param bulkheads the bulkhead of an algo by name (shared by every scene); null for no limit
     */
    public static RankStage build(String scene, ComponentConfig rankConf, RankerSource catalog,
                                  EngineMetrics metrics, Executor pool, Function<String, Bulkhead> bulkheads) {
        if (rankConf == null) {
            return RankStage.NONE;
        }
        RankConf rc = RankConf.parse("RankConf." + scene, rankConf);
        if (rc.isNoop()) {
            return RankStage.NONE;
        }
        List<Algo> algos = new ArrayList<>();
        for (String name : rc.algos()) {
            catalog.ranker(name).ifPresent(r -> algos.add(new Algo(name, r,
                    catalog.algoConf(name).orElse(ComponentConfig.empty("AlgoConfs")), scene, metrics,
                    bulkheads.apply(name))));
        }
        return new SceneRank(scene, rc, algos, metrics, pool);
    }

    /**
     * Start-up check of every {@code RankConf[scene]} and {@code CallBackConfs[scene].RankConf}: the
     * {@code RankScore} and {@code ScoreRewrite} expressions. (Names and {@code BatchCount} are checked
     * by the config validator.) Returns every problem, each naming the key.
     */
    public static List<ConfigException> check(EngineConfig config) {
        List<ConfigException> problems = new ArrayList<>();
        try {
            config.rankConfs().forEach((scene, rc) -> problems.addAll(expressions("RankConf." + scene, rc)));
        } catch (ConfigException e) {
            problems.add(e);
        }
        try {
            config.callBackConfs().forEach((scene, cb) -> {
                if (cb.has("RankConf")) {
                    problems.addAll(expressions("CallBackConfs." + scene + ".RankConf", cb.child("RankConf")));
                }
            });
        } catch (ConfigException e) {
            problems.add(e);
        }
        return problems;
    }

    /** {@link #check(EngineConfig)} in the shape of {@code ConfigValidator.ExtraCheck}. */
    public static void check(EngineConfig config, PluginRegistry registry, List<ConfigException> problems) {
        problems.addAll(check(config));
    }

    private static List<ConfigException> expressions(String where, ComponentConfig rc) {
        List<ConfigException> out = new ArrayList<>();
        for (ConfigException e : RankConf.check(where, rc)) {
            // BatchCount is reported by the config validator already
            if (!"BatchCount".equals(e.key())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The callback's rank: all items in one request per algo of {@code CallBackConfs[scene].RankConf},
     * the response functions' {@code ...Debug} variants, at {@code debugLevel} (3 by default, 1 with raw
     * features sampled, 2 for debug requests); attaches the model's {@code generate_features},
     * {@code context_features} and (at level 1) {@code raw_features} as item properties.
     * Returns a no-op when {@code rankConf} is null or has no {@code RankAlgoList}.
     *
     * <p>For each algo it uses {@code AlgoConfs["<algo>_callback"]} when defined, else a copy of the
     * algo's config named {@code <algo>_callback} with {@code EasConf.ResponseFuncName + "Debug"}, as
     * PAI-Rec does; the copies are built here, once per config generation.
     *
     * @throws ConfigException when the RankConf does not parse or a derived ranker cannot be built
     */
    public static CallbackRank buildCallback(String scene, ComponentConfig rankConf, RankerSource catalog,
                                             EngineMetrics metrics, Executor pool) {
        if (rankConf == null) {
            return (ctx, user, items, debugLevel) -> { };
        }
        RankConf rc = RankConf.parse("CallBackConfs." + scene + ".RankConf", rankConf);
        if (rc.algos().isEmpty()) {
            return (ctx, user, items, debugLevel) -> { };
        }
        List<Algo> algos = new ArrayList<>();
        for (String name : rc.algos()) {
            String cbName = name + "_callback";
            Ranker r = catalog.ranker(cbName).orElse(null);
            ComponentConfig conf = catalog.algoConf(cbName).orElse(null);
            if (r == null) {
                conf = catalog.algoConf(name).orElse(null);
                if (conf == null) {
                    continue;
                }
                conf = callbackConfig(conf, cbName);
                r = catalog.createRanker("algo '" + cbName + "'", conf).orElse(null);
            }
            if (r != null) {
                algos.add(new Algo(name, r, conf, scene + "_callback", metrics, null));
            }
        }
        CallbackRanker cr = new CallbackRanker(scene, rc, algos, metrics, pool);
        return cr::rank;
    }

    /** A copy of {@code conf} named {@code name} with {@code EasConf.ResponseFuncName + "Debug"}. */
    static ComponentConfig callbackConfig(ComponentConfig conf, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(conf.asMap());
        copy.keySet().removeIf(k -> k.equalsIgnoreCase("Name"));
        copy.put("Name", name);
        for (Map.Entry<String, Object> e : copy.entrySet()) {
            if (e.getKey().equalsIgnoreCase("EasConf") && e.getValue() instanceof Map<?, ?> m) {
                Map<String, Object> eas = new LinkedHashMap<>();
                m.forEach((k, v) -> eas.put(String.valueOf(k), v));
                for (Map.Entry<String, Object> f : eas.entrySet()) {
                    if (f.getKey().equalsIgnoreCase("ResponseFuncName") && f.getValue() instanceof String s
                            && !s.isEmpty() && !s.endsWith("Debug")) {
                        f.setValue(s + "Debug");
                    }
                }
                e.setValue(eas);
            }
        }
        return ComponentConfig.of(conf.path(), copy);
    }

    /** The callback's rank step. Must not throw: a failure leaves items without generated features. */
    @FunctionalInterface
    public interface CallbackRank {
        void rank(RecContext context, User user, List<Item> items, int debugLevel);
    }

    // ------------------------------------------------------------------------------------------------

    /** One algo of a RankAlgoList with its budget and meters. */
    static final class Algo {
        final String name;
        final Ranker ranker;
        final long budgetNanos;
        final Timer timer;
        final Counter errors;
        final Counter timeouts;
        final Counter rejected;
        final Counter bulkheadFull;
        /** Null for no limit. */
        final Bulkhead bulkhead;
        /** {@link Ranker#inProcess()}: its batches run on the request thread. */
        final boolean inProcess;

        Algo(String name, Ranker ranker, ComponentConfig conf, String scene, EngineMetrics metrics) {
            this(name, ranker, conf, scene, metrics, null);
        }

        Algo(String name, Ranker ranker, ComponentConfig conf, String scene, EngineMetrics metrics, Bulkhead bulkhead) {
            this.name = name;
            this.ranker = ranker;
            this.bulkhead = bulkhead;
            this.inProcess = ranker.inProcess();
            int timeout = timeoutMs(conf);
            int attempts = attempts(conf);
            this.budgetNanos = TimeUnit.MILLISECONDS.toNanos((long) timeout * attempts + GRACE_MS);
            this.timer = Timer.builder("recengine.rank.algo.duration").description("one batch of one rank algo")
                    .tags("scene", scene, "algo", name).register(metrics.registry());
            this.errors = metrics.failure("rank", name, scene, "error");
            this.timeouts = metrics.failure("rank", name, scene, "timeout");
            this.rejected = metrics.failure("rank", name, scene, "rejected");
            this.bulkheadFull = metrics.failure("rank", name, scene, FailureText.BULKHEAD);
        }
    }

    /** The algo's per-attempt timeout: {@code EasConf.Timeout}, another sub-config's, or top-level {@code Timeout}. */
    static int timeoutMs(ComponentConfig conf) {
        if (conf == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        int t = 0;
        for (String sub : List.of("EasConf", "TFservingConf", "LocalConf")) {
            if (t <= 0 && conf.has(sub)) {
                t = conf.child(sub).integer("Timeout", 0);
            }
        }
        if (t <= 0) {
            t = conf.integer("Timeout", 0);
        }
        return t > 0 ? t : DEFAULT_TIMEOUT_MS;
    }

    /** Attempts the ranker makes: {@code EasConf.RetryTimes} (PAI-Rec default 2) for EAS, else 1. */
    static int attempts(ComponentConfig conf) {
        if (conf == null) {
            return 1;
        }
        if ("EAS".equalsIgnoreCase(conf.string("Type"))) {
            int r = conf.child("EasConf").integer("RetryTimes", 0);
            return r > 0 ? r : 2;
        }
        if (conf.has("TFservingConf")) {
            int r = conf.child("TFservingConf").integer("RetryTimes", 0);
            return r > 0 ? r : 1;
        }
        return 1;
    }

    /** One batch of one algo: items {@code from} (inclusive) to {@code to} (exclusive). */
    private record Batch(Algo algo, int from, int to) {
    }

    /** The feed rank stage of one scene. Immutable. */
    static final class SceneRank implements RankStage {
        private final String scene;
        private final RankConf conf;
        private final List<Algo> algos;
        private final Fanout pool;
        private final boolean usesCurrentScore;

        SceneRank(String scene, RankConf conf, List<Algo> algos, EngineMetrics metrics, Executor pool) {
            this.scene = scene;
            this.conf = conf;
            this.algos = List.copyOf(algos);
            this.pool = Fanout.on(pool);
            boolean cur = conf.rankScore() != null && conf.rankScore().variables().contains(ItemVariables.CURRENT_SCORE);
            for (Expression e : conf.scoreRewrite().values()) {
                cur |= e.variables().contains(ItemVariables.CURRENT_SCORE);
            }
            this.usesCurrentScore = cur;
        }

        @Override
        public void rank(RecContext ctx, User user, List<Item> items) {
            long t0 = System.nanoTime();
            if (!algos.isEmpty()) {
                if (conf.injectsRecallFeatures()) {
                    injectRecallFeatures(items);
                }
                int debugLevel = ctx.debug() ? DEBUG_LEVEL_REQUEST : 0;
                scoreBatches(ctx, user, items, conf.batchCount(), debugLevel, algos, conf, pool, scene, false, false);
            }
            if (conf.rankScore() != null) {
                score(ctx, items);
            }
            if (ctx.debug()) {
                ctx.log("INFO", "module=rank\tscene=" + scene + "\talgos=" + conf.algos() + "\titems=" + items.size()
                        + "\tcost=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
        }

        private void score(RecContext ctx, List<Item> items) {
            ItemVariables vars = new ItemVariables(ctx.abParams());
            Map<String, Expression> rewrite = conf.scoreRewrite();
            String[] names = rewrite.keySet().toArray(new String[0]);
            Expression[] exprs = rewrite.values().toArray(new Expression[0]);
            double[] values = new double[exprs.length];
            Expression rankScore = conf.rankScore();
            for (Item item : items) {
                vars.item = item;
                if (usesCurrentScore) {
                    // PAI-Rec's FloatExprData("current_score") records the pre-rank score as recall_score
                    item.setAlgoScore("recall_score", item.score());
                }
                if (exprs.length > 0) {
                    for (int i = 0; i < exprs.length; i++) {
                        values[i] = exprs[i].evaluate(vars);
                    }
                    for (int i = 0; i < exprs.length; i++) {
                        item.setAlgoScore(names[i], values[i]);
                    }
                }
                item.setScore(rankScore.evaluate(vars));
            }
        }
    }

    /** The callback's rank: one request with every item, per algo. */
    static final class CallbackRanker {
        private final String scene;
        private final RankConf conf;
        private final List<Algo> algos;
        private final Fanout pool;

        CallbackRanker(String scene, RankConf conf, List<Algo> algos, EngineMetrics metrics, Executor pool) {
            this.scene = scene;
            this.conf = conf;
            this.algos = List.copyOf(algos);
            this.pool = Fanout.on(pool);
        }

        void rank(RecContext ctx, User user, List<Item> items, int debugLevel) {
            if (algos.isEmpty() || items.isEmpty()) {
                return;
            }
            try {
                injectRecallFeatures(items);
                scoreBatches(ctx, user, items, Integer.MAX_VALUE, debugLevel, algos, conf, pool, scene + "_callback", true,
                        debugLevel == 1);
            } catch (RuntimeException e) {
                LOG.warn("callback rank failed (scene={}, requestId={})", scene, ctx.requestId(), e);
            }
        }
    }

    /** PAI-Rec's {@code item.GetFeatures()} side effect: {@code <retrieveId>}, {@code recall_name}, {@code recall_score}. */
    static void injectRecallFeatures(List<Item> items) {
        // one write of three values per item (one lock, one boxed score) instead of three
        String[] names = {null, "recall_name", "recall_score"};
        Object[] values = new Object[3];
        // the reads first, the writes after: a write takes the item's monitor, whose atomic instruction
        // would keep the next item's reads (cache misses) from overlapping
        int n = items.size();
        String[] rids = new String[n];
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            String rid = item.retrieveId();
            if (!rid.isEmpty() && item.property(rid) == null) {
                rids[i] = rid;
            }
        }
        for (int i = 0; i < n; i++) {
            String rid = rids[i];
            if (rid != null) {
                Item item = items.get(i);
                Double score = item.score();
                names[0] = rid;
                values[0] = score;
                values[1] = rid;
                values[2] = score;
                item.setProperties(names, values, 3);
            }
        }
    }

    /**
     * Scores every batch x algo on the pool, each under the algo's budget and the request deadline, and
     * attaches the answers on this thread; failed, late and rejected batches are logged and counted.
     */
    private static void scoreBatches(RecContext ctx, User user, List<Item> items, int batchCount, int debugLevel,
                                     List<Algo> algos, RankConf conf, Fanout pool, String scene, boolean callback,
                                     boolean rawFeatures) {
        int n = items.size();
        int size = ((n + batchCount - 1) / Math.max(1, batchCount)) * algos.size();
        List<Batch> batches = new ArrayList<>(size);
        List<Fanout.Task<List<ItemScores>>> tasks = new ArrayList<>(size);
        for (int from = 0; from < n; from += batchCount) {
            int to = (int) Math.min((long) from + batchCount, n);
            RankRequest req = new RankRequest(ctx, user, items.subList(from, to), conf.contextFeatures(),
                    conf.itemFeatures(), debugLevel);
            for (Algo a : algos) {
                batches.add(new Batch(a, from, to));
                tasks.add(Fanout.Task.of(() -> {
                    long s = System.nanoTime();
                    try {
                        return a.ranker.score(req);
                    } finally {
                        a.timer.record(System.nanoTime() - s, TimeUnit.NANOSECONDS);
                    }
                }, a.budgetNanos, TimeUnit.NANOSECONDS).limitedBy(a.bulkhead).onCaller(a.inProcess));
            }
        }
        long remaining = ctx.remainingNanos();
        List<Fanout.Result<List<ItemScores>>> results = pool.run(tasks, remaining);
        for (int i = 0; i < results.size(); i++) {
            Batch t = batches.get(i);
            Algo a = t.algo();
            Fanout.Result<List<ItemScores>> r = results.get(i);
            switch (r.outcome()) {
                case OK -> attach(ctx, items, t, r.value(), scene, callback, rawFeatures);
                case TIMEOUT -> a.timeouts.increment();
                case FAILED -> a.errors.increment();
                case REJECTED -> (r.failure() instanceof Bulkhead.FullException ? a.bulkheadFull : a.rejected).increment();
                case INTERRUPTED -> {
                    continue; // the request thread is being stopped: nothing to report per batch
                }
            }
            if (!r.isOk()) {
                // a timeout names the algo's budget unless the request deadline came first
                long budgetMs = a.budgetNanos <= remaining ? TimeUnit.NANOSECONDS.toMillis(a.budgetNanos) : 0;
                fail(ctx, scene, t, FailureText.of("rank algo '" + a.name + "'", r, budgetMs), r.failure());
            }
        }
    }

    private static void attach(RecContext ctx, List<Item> items, Batch t, List<ItemScores> scores, String scene,
                               boolean callback, boolean rawFeatures) {
        int size = t.to() - t.from();
        if (scores == null || scores.size() != size) {
            t.algo().errors.increment();
            fail(ctx, scene, t, "rank algo '" + t.algo().name + "' returned " + (scores == null ? "no scores"
                    : scores.size() + " scores") + " for " + size + " items", null);
            return;
        }
        for (int j = 0; j < size; j++) {
            ItemScores s = scores.get(j);
            if (s == null || s.isEmpty()) {
                continue;
            }
            Item item = items.get(t.from() + j);
            if (callback) {
                attachCallbackFeatures(item, s, rawFeatures);
            } else {
                attach(t.algo().name, item, s);
            }
        }
    }

    /**
     * Logs a failed batch: {@code text} (neutral, from {@link FailureText}) in the debug log, with the cause
     * in the engine's log only.
     */
    private static void fail(RecContext ctx, String scene, Batch t, String text, Throwable cause) {
        String msg = text + ": items " + t.from() + ".." + (t.to() - 1) + " unscored";
        if (cause == null) {
            LOG.warn("{} (scene={}, requestId={})", msg, scene, ctx.requestId());
        } else if (cause instanceof ComponentException || cause instanceof java.util.concurrent.RejectedExecutionException) {
            LOG.warn("{} (scene={}, requestId={}): {}", msg, scene, ctx.requestId(), cause.toString());
        } else {
            LOG.warn("{} (scene={}, requestId={})", msg, scene, ctx.requestId(), cause);
        }
        ctx.log("ERROR", "module=rank\t" + msg);
    }

    /** Scores under {@code <algo>} (empty key) or {@code <algo>_<key>}; features as properties. */
    static void attach(String algo, Item item, ItemScores s) {
        if (s.isSingle()) {
            item.setAlgoScore(algo, s.single());
            return;
        }
        for (Map.Entry<String, Double> e : s.scores().entrySet()) {
            String k = e.getKey();
            item.setAlgoScore(k.isEmpty() ? algo : algo + "_" + k, e.getValue());
        }
        if (!s.features().isEmpty()) {
            item.setProperties(s.features());
        }
    }

    private static void attachCallbackFeatures(Item item, ItemScores s, boolean rawFeatures) {
        Map<String, Object> f = s.features();
        item.setProperty("generate_features", Values.text(f.getOrDefault("generate_features", "")));
        item.setProperty("context_features", Values.text(f.getOrDefault("context_features", "")));
        if (rawFeatures) {
            item.setProperty("raw_features", Values.text(f.getOrDefault("raw_features", "")));
        }
    }

    /**
     * {@code ${x}} for one item, PAI-Rec's order: A/B parameter {@code x} if non-zero, else
     * {@code current_score}, algo score {@code x}, item property {@code x} as a number, else 0. One
     * instance per request, re-pointed at each item: no allocation per item.
     */
    static final class ItemVariables implements Expression.Variables {
        static final String CURRENT_SCORE = "current_score";
        private final Map<String, Object> abParams;
        Item item;

        ItemVariables(Map<String, Object> abParams) {
            this.abParams = abParams;
        }

        @Override
        public double get(String name) {
            if (!abParams.isEmpty()) {
                double ab = Values.toDouble(abParams.get(name), 0);
                if (ab != 0) {
                    return ab;
                }
            }
            if (CURRENT_SCORE.equals(name)) {
                return item.score();
            }
            Double s = item.algoScore(name);
            if (s != null) {
                return s;
            }
            return Values.toDouble(item.property(name), 0);
        }
    }
}
