package io.recengine.core.experiment;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What experiment matching costs a feed request: a scene with a normal room (uid-hash buckets) over a base
 * room, three layers of two groups each (a filter group the request misses, a group open to all) with
 * three experiments splitting 100 buckets, plus a global scene of one layer: four hashed keys per request.
 * Beside it, the reference kernel: one A/B hash of a key of the same length, the irreducible unit of the
 * work (matching needs one per room and per layer). Run with {@code bench/experiments-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExperimentMatchBench {

    private Experiments experiments;
    private String[] uids;
    private int next;
    private final Map<String, Object> features = Map.of("age", 25, "city", "hz");

    @Setup
    public void setUp() throws Exception {
        StringBuilder layers = new StringBuilder();
        for (int l = 1; l <= 3; l++) {
            if (l > 1) {
                layers.append(',');
            }
            layers.append("""
                    {"layer_id": %d, "layer_name": "layer%d", "experiment_groups": [
                      {"exp_group_id": %d1, "crowd_target_type": "Filter", "filter": "age > 60", "experiments": []},
                      {"exp_group_id": %d2, "crowd_target_type": "All", "experiments": [
                        {"experiment_id": %d21, "type": 1, "experiment_flow": 20, "experiment_buckets": "0-20", "experiment_config": {"a%d": 1}},
                        {"experiment_id": %d22, "type": 2, "experiment_flow": 40, "experiment_buckets": "20-60", "experiment_config": {"a%d": 2}},
                        {"experiment_id": %d23, "type": 2, "experiment_flow": 40, "experiment_buckets": "60-100", "experiment_config": {"a%d": 3}}]}]}
                    """.formatted(l, l, l, l, l, l, l, l, l, l));
        }
        String file = """
                {"scenes": [
                  {"scene_name": "pairec_abtest_global_scene", "experiment_rooms": [{"exp_room_id": 9, "type": 1, "layers": [
                    {"layer_id": 90, "layer_name": "g", "experiment_groups": [{"exp_group_id": 900, "crowd_target_type": "All",
                      "exp_group_config": {"g": 1}}]}]}]},
                  {"scene_name": "home_feed", "experiment_rooms": [
                    {"exp_room_id": 1, "type": 1, "layers": []},
                    {"exp_room_id": 2, "type": 2, "bucket_type": 2, "bucket_count": 100, "exp_room_buckets": "0-100",
                     "layers": [%s]}]}]}
                """.formatted(layers);
        experiments = Experiments.compile(ExperimentFile.MAPPER.readValue(file, ExperimentFile.class),
                FeatureFilters.INSTANCE, Clock.systemUTC(), "bench");
        uids = new String[4096];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = Long.toString(1_000_000L + i * 7919L);
        }
        ExperimentResult probe = experiments.match("home_feed", uids[0], features);
        if (!probe.expId().startsWith("ER2_L1#EG12#E12") || probe.layers().size() != 4) {
            throw new IllegalStateException("unexpected setup: " + probe);
        }
    }

    private String nextUid() {
        String uid = uids[next];
        next = (next + 1) & (uids.length - 1);
        return uid;
    }

    /** One feed request's matching: the global scene, the room, three layers; id and params built. */
    @Benchmark
    public ExperimentResult match() {
        return experiments.match("home_feed", nextUid(), features);
    }

    /** Reference kernel: one A/B hash (MD5 + FNV-1 64) of a key as long as a layer's. */
    @Benchmark
    public long referenceOneHash() {
        return AbHash.of(nextUid() + "_EXPROOM2_LAYER1_EXPGROUP12");
    }
}
