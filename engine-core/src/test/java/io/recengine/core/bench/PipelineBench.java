package io.recengine.core.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.builtin.sort.DiversityRuleSort;
import io.recengine.core.builtin.sort.ItemRankScore;
import io.recengine.core.builtin.UniqueFilter;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.match.MatchPlugin;
import io.recengine.core.match.MatchService;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.rank.LocalModel;
import io.recengine.core.rank.LocalRanker;
import io.recengine.core.rank.RankStage;
import io.recengine.core.rank.RankStages;
import io.recengine.core.rank.RankerSource;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.Values;
import io.recengine.spi.match.MatchEngine;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;
import io.recengine.testkit.TestPluginContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-candidate path of the quickstart scene, 1,000 candidates per operation (run with
 * {@code bench/pipeline-jmh.sh}, which adds {@code -prof gc} for bytes per operation):
 *
 * <ul>
 *   <li>{@link #engine}: the engine's own components on the embedded match engine: three reads (i2i from 20
 *       clicked items x 20 neighbours capped at 400, exact vector scan of 3,900 x 32 for 400, popular 200),
 *       their rows turned into items as the {@code BeRecall} plugin does, merged,
 *       {@code UniqueFilter}, the {@code detail_table} DAO (4 fields), the FM ({@code LocalRanker}, k = 8,
 *       through {@code RankStages}: 250-item batches, {@code RankScore ${fm_ctr}}), {@code ItemRankScore}
 *       and {@code DiversityRuleSort}. Recalls run one after the other on the bench thread (the
 *       pipeline's hand-offs are not part of this figure).</li>
 *   <li>{@link #referenceKernel}: the same arithmetic on primitive arrays: the gathers, the scan, a dedup
 *       by item index, the FM from precomputed buckets, a sort of the scores. What the work costs
 *       without maps, strings or objects per candidate: the floor the engine path is compared to.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBench {

    static final int ITEMS = 3_900;
    static final int DIM = 32;
    static final int NEIGHBOURS = 20;
    static final int CLICKS = 20;
    static final int CATEGORIES = 18;
    static final int BUCKETS = 1 << 16;
    static final int K = 8;

    private Path dir;
    private MatchService match;
    private MatchEngine engine;
    private FeatureDao detailDao;
    private RankStage rank;
    private Sort rankSort;
    private Sort diversity;
    private final UniqueFilter unique = new UniqueFilter();
    private User user;
    private MatchQuery i2iQuery;
    private MatchQuery vectorQuery;
    private MatchQuery popularQuery;

    // reference kernel data
    private int[][] i2iItems;
    private double[][] i2iScores;
    private float[] vectors;
    private float[] userVector;
    private int[] clicks;
    private int[] popular;
    private int[] idBucket;
    private int[] categoryBucket;
    private float[] weights;
    private float[] factors;
    private double userLinear;
    private double[] userSum;
    private double[] userSumSq;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        dir = Files.createTempDirectory("pipeline-bench");
        String[] categories = new String[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            categories[c] = "category_" + c;
        }
        int[] category = new int[ITEMS];
        try (Writer w = Files.newBufferedWriter(dir.resolve("item_detail.csv"))) {
            w.write("id,title,category,year,popularity\n");
            for (int i = 0; i < ITEMS; i++) {
                category[i] = rnd.nextInt(CATEGORIES);
                w.write(id(i) + ",Movie title number " + i + "," + categories[category[i]] + "," + (1950 + rnd.nextInt(70))
                        + "," + rnd.nextInt(3000) + "\n");
            }
        }
        i2iItems = new int[ITEMS][NEIGHBOURS];
        i2iScores = new double[ITEMS][NEIGHBOURS];
        try (Writer w = Files.newBufferedWriter(dir.resolve("i2i.csv"))) {
            w.write("trigger_id,item_id,score\n");
            for (int i = 0; i < ITEMS; i++) {
                for (int j = 0; j < NEIGHBOURS; j++) {
                    int other = rnd.nextInt(ITEMS);
                    double s = Math.round(rnd.nextDouble() * 1e6) / 1e6;
                    i2iItems[i][j] = other;
                    i2iScores[i][j] = s;
                    w.write(id(i) + "," + id(other) + "," + s + "\n");
                }
            }
        }
        popular = new int[200];
        try (Writer w = Files.newBufferedWriter(dir.resolve("popular.csv"))) {
            w.write("trigger_id,item_id,score\n");
            for (int j = 0; j < popular.length; j++) {
                popular[j] = rnd.nextInt(ITEMS);
                w.write("-1," + id(popular[j]) + "," + (1000 - j) + "\n");
            }
        }
        vectors = new float[ITEMS * DIM];
        ObjectMapper json = new ObjectMapper();
        try (Writer w = Files.newBufferedWriter(dir.resolve("item_vectors.jsonl"))) {
            for (int i = 0; i < ITEMS; i++) {
                float[] v = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    v[d] = (float) (rnd.nextDouble() - 0.5);
                    vectors[i * DIM + d] = v[d];
                }
                w.write(json.writeValueAsString(Map.of("id", id(i), "embedding", v)) + "\n");
            }
        }
        userVector = new float[DIM];
        StringBuilder emb = new StringBuilder();
        for (int d = 0; d < DIM; d++) {
            userVector[d] = (float) (rnd.nextDouble() - 0.5);
            emb.append(d == 0 ? "" : ",").append(userVector[d]);
        }
        clicks = new int[CLICKS];
        StringBuilder seq = new StringBuilder();
        for (int c = 0; c < CLICKS; c++) {
            clicks[c] = rnd.nextInt(ITEMS);
            seq.append(c == 0 ? "" : ",").append(id(clicks[c]));
        }
        Map<String, Object> conf = Map.of("MatchEngineConf", Map.of("Tables", List.of(
                Map.of("Name", "item_detail", "Kind", "detail", "Path", "item_detail.csv", "PrimaryKey", "id"),
                Map.of("Name", "i2i", "Kind", "x2i", "Path", "i2i.csv"),
                Map.of("Name", "popular", "Kind", "x2i", "Path", "popular.csv"),
                Map.of("Name", "item_vec", "Kind", "vector", "Path", "item_vectors.jsonl", "Dimension", DIM, "Metric", "ip"))));
        Path confFile = dir.resolve("bench.json");
        json.writeValue(confFile.toFile(), conf);
        match = MatchService.build(ConfigLoader.load(confFile));
        engine = match.engine();

        // the FM: 4 user features (computed once per request) and item_id, category on the item side
        weights = new float[BUCKETS];
        factors = new float[BUCKETS * K];
        for (int i = 0; i < BUCKETS; i++) {
            weights[i] = (float) (rnd.nextDouble() * 0.02 - 0.01);
        }
        for (int i = 0; i < factors.length; i++) {
            factors[i] = (float) (rnd.nextDouble() * 0.2 - 0.1);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("format", "recengine-model");
        model.put("version", 1);
        model.put("type", "fm");
        model.put("buckets", BUCKETS);
        model.put("factors", K);
        model.put("features", List.of(feature("uid", "user"), feature("gender", "user"), feature("occupation", "user"),
                feature("fav_category", "user"), feature("item_id", "item"), feature("category", "item")));
        model.put("weights", weights);
        model.put("embeddings", factors);
        LocalModel fm = LocalModel.parse(json.valueToTree(model));
        Ranker ranker = new LocalRanker(fm);
        RankerSource source = new RankerSource() {
            @Override
            public Optional<Ranker> ranker(String algoName) {
                return algoName.equals("fm_ctr") ? Optional.of(ranker) : Optional.empty();
            }

            @Override
            public Optional<ComponentConfig> algoConf(String algoName) {
                return Optional.of(ComponentConfig.of("AlgoConfs.fm_ctr", Map.of("Name", "fm_ctr", "Type", "Local",
                        "LocalConf", Map.of("ModelPath", "fm.json", "Timeout", 10_000))));
            }

            @Override
            public Optional<Ranker> createRanker(String who, ComponentConfig c) {
                return Optional.empty();
            }
        };
        rank = RankStages.build("home_feed", ComponentConfig.of("RankConf.home_feed", Map.of("RankAlgoList", List.of("fm_ctr"),
                "RankScore", "${fm_ctr}", "BatchCount", 250)), source, new EngineMetrics(new SimpleMeterRegistry()),
                Runnable::run);
        TestPluginContext ctx = TestPluginContext.builder().service(MatchEngine.class, engine).build();
        detailDao = new MatchPlugin().featureDaoFactories().get(0).create(ComponentConfig.of("FeatureDaoConf",
                Map.of("AdapterType", "detail_table", "DetailTable", "item_detail", "FeatureStore", "item",
                        "ItemSelectFields", "title,category,year,popularity")), ctx);
        rankSort = new ItemRankScore.Factory().create(ComponentConfig.of("SortConfs.ItemRankScore", Map.of()), ctx);
        diversity = new DiversityRuleSort.Factory().create(ComponentConfig.of("SortConfs.category_diversity", Map.of(
                "Name", "category_diversity", "SortType", "DiversityRuleSort", "DiversityRules", List.of(Map.of(
                        "Dimensions", List.of("category"), "WindowSize", 5, "FrequencySize", 3)))), ctx);

        user = new User("u1");
        user.setProperty("gender", "F");
        user.setProperty("occupation", "4");
        user.setProperty("fav_category", categories[3]);
        user.setProperty("click_seq", seq.toString());
        user.setProperty("user_emb", emb.toString());
        StringBuilder triggers = new StringBuilder();
        for (int c = 0; c < CLICKS; c++) {
            triggers.append(c == 0 ? "" : ",").append(id(clicks[c])).append(":1");
        }
        i2iQuery = MatchQuery.forService("i2i").returnCount(400).triggerList(triggers.toString()).param("user_id", "u1").build();
        vectorQuery = MatchQuery.forService("item_vec").returnCount(400).triggerList(emb.toString()).param("user_id", "u1").build();
        popularQuery = MatchQuery.forService("popular").returnCount(200).triggerList("-1").param("user_id", "u1").build();

        idBucket = new int[ITEMS];
        categoryBucket = new int[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            idBucket[i] = LocalModel.bucketOf("item_id", id(i), BUCKETS);
            categoryBucket[i] = LocalModel.bucketOf("category", categories[category[i]], BUCKETS);
        }
        userSum = new double[K];
        userSumSq = new double[K];
        userLinear = 0;
        for (String[] f : new String[][] {{"uid", "u1"}, {"gender", "F"}, {"occupation", "4"}, {"fav_category", categories[3]}}) {
            int b = LocalModel.bucketOf(f[0], f[1], BUCKETS);
            userLinear += weights[b];
            for (int j = 0; j < K; j++) {
                userSum[j] += factors[b * K + j];
                userSumSq[j] += factors[b * K + j] * factors[b * K + j];
            }
        }
    }

    private static Map<String, String> feature(String name, String side) {
        return Map.of("name", name, "side", side, "kind", "categorical");
    }

    private static String id(int i) {
        return Integer.toString(100_000 + i);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        match.close();
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /** The engine's components over 1,000 candidates; returns the final list's length. */
    @Benchmark
    public int engine() {
        RecContext ctx = RecContext.builder("bench").sceneId("home_feed").size(20).build();
        User u = user;
        List<Item> merged = new ArrayList<>(1000);
        merged.addAll(items("u2i2i", engine.read(i2iQuery), 400));
        merged.addAll(items("user_vector", engine.read(vectorQuery), 400));
        merged.addAll(items("popular", engine.read(popularQuery), 200));
        List<Item> items = unique.filter(ctx, u, merged).kept();
        detailDao.loadItemFeatures(ctx, u, items);
        rank.rank(ctx, u, items);
        items = rankSort.sort(ctx, u, items);
        items = diversity.sort(ctx, u, items);
        return items.size();
    }

    /** Rows to items as {@code BeRecall} does: id, {@code __score__}, every other non-null field a property, one write per row. */
    private static List<Item> items(String recall, MatchResult r, int cap) {
        List<String> fieldNames = r.fieldNames();
        int idIdx = r.fieldIndex("id");
        int scoreIdx = r.fieldIndex(MatchResult.SCORE);
        int[] cols = new int[fieldNames.size()];
        String[] names = new String[fieldNames.size()];
        int n = 0;
        for (int i = 0; i < fieldNames.size(); i++) {
            if (i != idIdx && i != scoreIdx) {
                cols[n] = i;
                names[n++] = fieldNames.get(i);
            }
        }
        Object[] values = new Object[n];
        List<Item> out = new ArrayList<>(Math.min(r.size(), cap));
        for (int row = 0; row < r.size(); row++) {
            Item item = new Item(Values.text(r.value(row, idIdx)), recall, ((Number) r.value(row, scoreIdx)).doubleValue());
            for (int c = 0; c < n; c++) {
                values[c] = r.value(row, cols[c]);
            }
            item.setProperties(names, values, n);
            out.add(item);
            if (out.size() >= cap) {
                break;
            }
        }
        return out;
    }

    /** The same arithmetic on primitive arrays (see the class comment); returns the best item's index. */
    @Benchmark
    public int referenceKernel() {
        double[] score = new double[ITEMS];
        int[] stamp = new int[ITEMS];
        int[] cand = new int[1000];
        int n = 0;
        // i2i: sum over the clicked items' neighbours, best 400
        double[] acc = new double[ITEMS];
        int[] hits = new int[CLICKS * NEIGHBOURS];
        int h = 0;
        for (int c : clicks) {
            for (int j = 0; j < NEIGHBOURS; j++) {
                int it = i2iItems[c][j];
                if (acc[it] == 0) {
                    hits[h++] = it;
                }
                acc[it] = Math.max(acc[it], i2iScores[c][j]);
            }
        }
        for (int i = 0; i < h && n < 400; i++) {
            if (stamp[hits[i]] == 0) {
                stamp[hits[i]] = 1;
                cand[n++] = hits[i];
            }
        }
        // vector: exact scan, best 400
        double[] sim = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            double s = 0;
            for (int d = 0; d < DIM; d++) {
                s += vectors[i * DIM + d] * userVector[d];
            }
            sim[i] = s;
        }
        double[] sorted = sim.clone();
        Arrays.sort(sorted);
        double cut = sorted[ITEMS - 400];
        for (int i = 0; i < ITEMS; i++) {
            if (sim[i] >= cut && stamp[i] == 0) {
                stamp[i] = 1;
                cand[n++] = i;
            }
        }
        for (int p : popular) {
            if (stamp[p] == 0 && n < cand.length) {
                stamp[p] = 1;
                cand[n++] = p;
            }
        }
        // FM over item_id and category, then the order by score
        long[] keyed = new long[n];
        double[] s = new double[K];
        double[] q = new double[K];
        for (int c = 0; c < n; c++) {
            int it = cand[c];
            System.arraycopy(userSum, 0, s, 0, K);
            System.arraycopy(userSumSq, 0, q, 0, K);
            double z = userLinear;
            for (int b : new int[] {idBucket[it], categoryBucket[it]}) {
                z += weights[b];
                for (int j = 0; j < K; j++) {
                    double v = factors[b * K + j];
                    s[j] += v;
                    q[j] += v * v;
                }
            }
            double pair = 0;
            for (int j = 0; j < K; j++) {
                pair += s[j] * s[j] - q[j];
            }
            score[it] = 1 / (1 + Math.exp(-(z + 0.5 * pair)));
            keyed[c] = ((long) Float.floatToIntBits((float) score[it]) << 32) | c;
        }
        Arrays.sort(keyed);
        return n == 0 ? -1 : cand[(int) keyed[n - 1]];
    }
}
