package io.recengine.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A factorization machine of the {@code recengine-model} v1 file format, evaluated the obvious way from
 * the format's description in {@code docs/ranking.md}: hash every feature to its bucket, then
 * z = bias + sum w[b] + 1/2 sum_f ((sum v[b,f])^2 - sum v[b,f]^2), sigmoid. It shares no code with the
 * engine's ranker on purpose: the benchmark's golden answers come from here, so a bug in the engine's
 * model code shows up as a mismatch instead of being reproduced. Only what the quickstart trainer
 * writes is supported (type {@code fm}, categorical features); anything else is refused.
 * Immutable, thread-safe.
 */
final class NaiveFm {

    private final int buckets;
    private final int factors;
    private final boolean sigmoid;
    private final double bias;
    private final double[] weights;
    private final double[][] embeddings;
    private final List<String> userFeatures = new ArrayList<>();
    private final List<String> itemFeatures = new ArrayList<>();

    private NaiveFm(JsonNode root, Path file) {
        require(root.path("format").asText().equals("recengine-model") && root.path("version").asInt() == 1,
                file, "format/version", "recengine-model version 1");
        require(root.path("type").asText().equals("fm"), file, "type", "fm");
        String output = root.path("output").asText("sigmoid");
        require(output.equals("sigmoid") || output.equals("raw"), file, "output", "sigmoid or raw");
        sigmoid = output.equals("sigmoid");
        buckets = root.path("buckets").asInt();
        factors = root.path("factors").asInt();
        require(buckets > 0 && factors > 0, file, "buckets/factors", "positive integers");
        for (JsonNode f : root.path("features")) {
            require(f.path("kind").asText("categorical").equals("categorical"), file, "features[].kind", "categorical");
            String side = f.path("side").asText();
            require(side.equals("user") || side.equals("item"), file, "features[].side", "user or item");
            (side.equals("user") ? userFeatures : itemFeatures).add(f.path("name").asText());
        }
        bias = root.path("bias").asDouble();
        JsonNode w = root.path("weights");
        JsonNode v = root.path("embeddings");
        require(w.size() == buckets, file, "weights", buckets + " numbers");
        require(v.size() == buckets * factors, file, "embeddings", buckets * factors + " numbers");
        // The trainer writes 32-bit floats: read them as such, or near-tied items could swap places
        // against the engine through rounding alone.
        weights = new double[buckets];
        embeddings = new double[buckets][factors];
        for (int b = 0; b < buckets; b++) {
            weights[b] = (float) w.get(b).asDouble();
            for (int f = 0; f < factors; f++) {
                embeddings[b][f] = (float) v.get(b * factors + f).asDouble();
            }
        }
    }

    private static void require(boolean ok, Path file, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("naive reference: model " + file + ", key " + key + ": expected "
                    + expected + " (the naive reference reads what the quickstart trainer writes)");
        }
    }

    static NaiveFm load(Path file) {
        try {
            return new NaiveFm(new ObjectMapper().readTree(file.toFile()), file);
        } catch (IOException e) {
            throw new UncheckedIOException("naive reference: cannot read model " + file, e);
        }
    }

    /** The model's score of {@code item} for {@code user}; a missing or empty value contributes nothing. */
    double score(Map<String, ?> user, Map<String, ?> item) {
        List<Integer> active = new ArrayList<>();
        for (String name : userFeatures) {
            addBucket(active, name, user.get(name));
        }
        for (String name : itemFeatures) {
            addBucket(active, name, item.get(name));
        }
        double z = bias;
        for (int b : active) {
            z += weights[b];
        }
        for (int f = 0; f < factors; f++) {
            double sum = 0;
            double sumOfSquares = 0;
            for (int b : active) {
                sum += embeddings[b][f];
                sumOfSquares += embeddings[b][f] * embeddings[b][f];
            }
            z += 0.5 * (sum * sum - sumOfSquares);
        }
        return sigmoid ? 1 / (1 + Math.exp(-z)) : z;
    }

    private void addBucket(List<Integer> active, String name, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            active.add(bucket(name, value.toString(), buckets));
        }
    }

    /** fmix64(FNV-1a-64(utf8("name=value"))) mod buckets, unsigned. */
    static int bucket(String name, String value, int buckets) {
        return (int) Long.remainderUnsigned(fmix64(fnv1a64((name + "=" + value).getBytes(StandardCharsets.UTF_8))), buckets);
    }

    static long fnv1a64(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
