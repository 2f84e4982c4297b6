package io.recengine.plugin.easyrec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.core.rank.LocalModel;
import io.recengine.core.rank.LocalRanker;
import io.recengine.plugin.easyrec.PBRequests;
import io.recengine.plugin.easyrec.PBResponses;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.plugin.easyrec.proto.PredictProtos.Results;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Ranking costs (run with {@code bench/rank-jmh.sh}): the embedded LR and FM (k = 8) rankers per 1,000
 * candidates (20 user fields once, 15 item fields per item, 131,072 hashed buckets), beside a
 * reference kernel doing the same 15 table reads per item from precomputed indices (no hashing,
 * no property maps); and EasyRec's PBRequest encode + PBResponse decode per 100-item batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RankBench {

    static final int BUCKETS = 1 << 17;
    static final int K = 8;
    static final int USER_FIELDS = 20;
    static final int ITEM_FIELDS = 15;

    LocalRanker lr;
    LocalRanker fm;
    RankRequest req1000;
    RankRequest req100;
    byte[] response100;
    List<String> ids100;
    float[] table;
    int[] indices;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        lr = new LocalRanker(LocalModel.parse(model("lr", rnd)));
        fm = new LocalRanker(LocalModel.parse(model("fm", rnd)));
        User user = new User("u1");
        for (int f = 0; f < USER_FIELDS; f++) {
            user.setProperty("u" + f, "v" + rnd.nextInt(1000));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Item it = new Item("item" + i, "recall", rnd.nextDouble());
            for (int f = 0; f < ITEM_FIELDS; f++) {
                it.setProperty("i" + f, f < 12 ? "c" + rnd.nextInt(10_000) : (Object) (rnd.nextDouble() * 10));
            }
            items.add(it);
        }
        RecContext ctx = RecContext.builder("bench").build();
        req1000 = new RankRequest(ctx, user, items, List.of("i0", "i1"), null, 0);
        req100 = new RankRequest(ctx, user, items.subList(0, 100), List.of("i0", "i1"), List.of("*"), 0);
        PBResponse.Builder rb = PBResponse.newBuilder().addOutputs("probs_ctr").addOutputs("probs_cvr");
        ids100 = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids100.add("item" + i);
            rb.putResults("item" + i, Results.newBuilder().addScores(rnd.nextDouble()).addScores(rnd.nextDouble()).build());
        }
        response100 = rb.build().toByteArray();
        table = new float[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            table[i] = (float) rnd.nextGaussian();
        }
        indices = new int[1000 * ITEM_FIELDS];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = rnd.nextInt(BUCKETS);
        }
    }

    private static ObjectNode model(String type, Random rnd) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("format", "recengine-model").put("version", 1).put("type", type).put("buckets", BUCKETS);
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
        if (type.equals("fm")) {
            n.put("factors", K);
            ArrayNode e = n.putArray("embeddings");
            for (int i = 0; i < BUCKETS * K; i++) {
                e.add(rnd.nextGaussian() * 0.01);
            }
        }
        return n;
    }

    /** Reference kernel: 1,000 x 15 reads of the same table from precomputed indices, summed. */
    @Benchmark
    public double referenceDotKernel1000() {
        double total = 0;
        float[] t = table;
        int[] idx = indices;
        for (int i = 0; i < 1000; i++) {
            double z = 0;
            int base = i * ITEM_FIELDS;
            for (int f = 0; f < ITEM_FIELDS; f++) {
                z += t[idx[base + f]];
            }
            total += 1.0 / (1.0 + Math.exp(-z));
        }
        return total;
    }

    @Benchmark
    public List<ItemScores> localLr1000() {
        return lr.score(req1000);
    }

    @Benchmark
    public List<ItemScores> localFm1000() {
        return fm.score(req1000);
    }

    /** One EasyRec batch: PBRequest built and serialized, PBResponse parsed and read into ItemScores. */
    @Benchmark
    public List<ItemScores> easyrecEncodeDecode100() throws Exception {
        byte[] body = PBRequests.build(req100).toByteArray();
        if (body.length == 0) {
            throw new IllegalStateException();
        }
        return PBResponses.parse(PBResponses.MUT_VAL, "dbmtl", ids100, PBResponse.parseFrom(response100));
    }
}
