package io.recengine.plugin.pmml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.core.rank.LocalModel;
import io.recengine.core.rank.LocalRanker;
import io.recengine.plugin.pmml.PmmlRankers;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Embedded PMML cost per 1,000 candidates (run with {@code bench/pmml-jmh.sh}), beside the {@code Local}
 * FM of {@code bench/rank-jmh.sh} (k = 8, 20 user + 15 item categorical/numeric fields, 131,072 buckets):
 * the committed test models (a logistic regression on 3 fields, a 3-tree ensemble in a model chain) and a
 * generated 100-tree depth-3 ensemble over 6 of the item fields, on the same candidates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PmmlBench {

    static final int BUCKETS = 1 << 17;
    static final int K = 8;
    static final int USER_FIELDS = 20;
    static final int ITEM_FIELDS = 15;
    static final Path MODELS = Path.of("plugins", "pmml", "src", "test", "resources", "models");

    LocalRanker fm;
    Ranker lr;
    Ranker gbdt;
    Ranker forest;
    RankRequest req1000;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Random rnd = new Random(42);
        fm = new LocalRanker(LocalModel.parse(fmModel(rnd)));
        lr = PmmlRankers.load(MODELS.resolve("ctr_lr.pmml"));
        gbdt = PmmlRankers.load(MODELS.resolve("ctr_gbdt.pmml"));
        forest = PmmlRankers.parse(ensemble(rnd, 100));
        User user = new User("u1");
        for (int f = 0; f < USER_FIELDS; f++) {
            user.setProperty("u" + f, "v" + rnd.nextInt(1000));
        }
        user.setProperty("age", 30);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Item it = new Item("item" + i, "recall", rnd.nextDouble());
            for (int f = 0; f < ITEM_FIELDS; f++) {
                it.setProperty("i" + f, f < 12 ? "c" + rnd.nextInt(10_000) : (Object) (rnd.nextDouble() * 10));
            }
            it.setProperty("price", rnd.nextDouble() * 30);
            it.setProperty("cate", "c" + rnd.nextInt(4));
            items.add(it);
        }
        req1000 = new RankRequest(RecContext.builder("bench").build(), user, items, List.of(), null, 0);
    }

    private static ObjectNode fmModel(Random rnd) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("format", "recengine-model").put("version", 1).put("type", "fm").put("buckets", BUCKETS).put("factors", K);
        ArrayNode fs = n.putArray("features");
        for (int f = 0; f < USER_FIELDS; f++) {
            fs.addObject().put("name", "u" + f).put("side", "user").put("kind", "categorical");
        }
        for (int f = 0; f < ITEM_FIELDS; f++) {
            fs.addObject().put("name", "i" + f).put("side", "item").put("kind", f < 12 ? "categorical" : "numeric");
        }
        ArrayNode w = n.putArray("weights");
        for (int i = 0; i < BUCKETS; i++) {
            w.add(rnd.nextGaussian() * 0.01);
        }
        ArrayNode e = n.putArray("embeddings");
        for (int i = 0; i < BUCKETS * K; i++) {
            e.add(rnd.nextGaussian() * 0.01);
        }
        return n;
    }

    /** A boosted ensemble of depth-3 trees: numeric splits on i12..i14, set splits on i0..i2. */
    static String ensemble(Random rnd, int trees) {
        StringBuilder b = new StringBuilder("<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\"><DataDictionary>");
        for (int f : new int[] {0, 1, 2}) {
            b.append("<DataField name=\"i").append(f).append("\" optype=\"categorical\" dataType=\"string\"/>");
        }
        for (int f : new int[] {12, 13, 14}) {
            b.append("<DataField name=\"i").append(f).append("\" optype=\"continuous\" dataType=\"double\"/>");
        }
        b.append("</DataDictionary><MiningModel functionName=\"regression\"><MiningSchema>");
        for (int f : new int[] {0, 1, 2, 12, 13, 14}) {
            b.append("<MiningField name=\"i").append(f).append("\"/>");
        }
        b.append("</MiningSchema><Segmentation multipleModelMethod=\"sum\">");
        for (int t = 0; t < trees; t++) {
            b.append("<Segment id=\"").append(t).append("\"><True/><TreeModel functionName=\"regression\"><MiningSchema>");
            for (int f : new int[] {0, 1, 2, 12, 13, 14}) {
                b.append("<MiningField name=\"i").append(f).append("\"/>");
            }
            b.append("</MiningSchema><Node><True/>");
            node(b, rnd, 3);
            b.append("</Node></TreeModel></Segment>");
        }
        return b.append("</Segmentation></MiningModel></PMML>").toString();
    }

    private static void node(StringBuilder b, Random rnd, int depth) {
        if (depth == 0) {
            return;
        }
        String left;
        if (rnd.nextBoolean()) {
            left = "<SimplePredicate field=\"i" + (12 + rnd.nextInt(3)) + "\" operator=\"lessThan\" value=\""
                    + rnd.nextDouble() * 10 + "\"/>";
        } else {
            StringBuilder set = new StringBuilder();
            for (int k = 0; k < 50; k++) {
                set.append('c').append(rnd.nextInt(10_000)).append(' ');
            }
            left = "<SimpleSetPredicate field=\"i" + rnd.nextInt(3) + "\" booleanOperator=\"isIn\"><Array type=\"string\">"
                    + set + "</Array></SimpleSetPredicate>";
        }
        for (String predicate : new String[] {left, "<True/>"}) {
            b.append("<Node score=\"").append(rnd.nextGaussian() * 0.1).append("\">").append(predicate);
            node(b, rnd, depth - 1);
            b.append("</Node>");
        }
    }

    @Benchmark
    public List<ItemScores> localFm1000() {
        return fm.score(req1000);
    }

    @Benchmark
    public List<ItemScores> pmmlLr1000() {
        return lr.score(req1000);
    }

    @Benchmark
    public List<ItemScores> pmmlChainedTrees1000() {
        return gbdt.score(req1000);
    }

    @Benchmark
    public List<ItemScores> pmml100Trees1000() {
        return forest.score(req1000);
    }
}
