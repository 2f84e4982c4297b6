package io.recengine.core.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.FeatureRow;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An embedded model of format {@code recengine-model} version 1 (see {@code docs/ranking.md}): logistic
 * regression ({@code lr}), factorization machine ({@code fm}) or a small multi-layer perceptron
 * ({@code mlp}) over hashed sparse features. The user half of every model is computed once per user
 * ({@link #userPart}) and reused for each item; the half of an item's features that come from its joined
 * shared row ({@link Item#row}) is computed once per row and kept with it ({@link RowPart}). Immutable
 * and thread-safe.
 */
public final class LocalModel {

    public static final String FORMAT = "recengine-model";
    public static final int VERSION = 1;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Model kinds. */
    public enum Type { LR, FM, MLP }

    /** One declared input. */
    static final class Feature {
        final String name;
        final boolean itemSide;
        final boolean numeric;
        /** FNV-1a state after {@code name=} (categorical) or the bucket of {@code name} (numeric). */
        final long prefixHash;
        final int numericBucket;
        /** {@code item_id}: falls back to the item's id when no property has it. */
        final boolean itemId;
        /** Offset of this feature in the MLP input vector. */
        int inputOffset;

        Feature(String name, boolean itemSide, boolean numeric, int buckets) {
            this.name = name;
            this.itemSide = itemSide;
            this.numeric = numeric;
            this.prefixHash = hashChars(hashChars(FNV_OFFSET, name), "=");
            this.numericBucket = (int) Long.remainderUnsigned(fmix(hashChars(FNV_OFFSET, name)), buckets);
            this.itemId = itemSide && name.equals("item_id");
        }
    }

    /** An MLP layer: {@code out x in} row-major weights, bias, activation. */
    static final class Layer {
        final int in;
        final int out;
        final float[] w;
        final float[] b;
        final boolean relu;
        final boolean sigmoid;

        Layer(int in, int out, float[] w, float[] b, String activation) {
            this.in = in;
            this.out = out;
            this.w = w;
            this.b = b;
            this.relu = "relu".equals(activation);
            this.sigmoid = "sigmoid".equals(activation);
        }
    }

    private final Type type;
    private final int buckets;
    private final int k;
    private final boolean sigmoidOutput;
    private final double bias;
    private final float[] weights;
    private final float[] factors;
    private final Feature[] userFeatures;
    private final Feature[] itemFeatures;
    /** The index of the {@code item_id} feature in {@link #itemFeatures}, or -1. */
    private final int itemIdFeature;
    private final Layer[] layers;
    private final int inputSize;

    private LocalModel(Type type, int buckets, int k, boolean sigmoidOutput, double bias, float[] weights,
                       float[] factors, List<Feature> features, Layer[] layers, int inputSize) {
        this.type = type;
        this.buckets = buckets;
        this.k = k;
        this.sigmoidOutput = sigmoidOutput;
        this.bias = bias;
        this.weights = weights;
        this.factors = factors;
        this.userFeatures = features.stream().filter(f -> !f.itemSide).toArray(Feature[]::new);
        this.itemFeatures = features.stream().filter(f -> f.itemSide).toArray(Feature[]::new);
        int id = -1;
        for (int i = 0; i < itemFeatures.length; i++) {
            if (itemFeatures[i].itemId) {
                id = i;
            }
        }
        this.itemIdFeature = id;
        this.layers = layers;
        this.inputSize = inputSize;
    }

    /** A model file that cannot be used; the message says what does not match. */
    public static final class ModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModelException(String message) {
            super(message);
        }

        ModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static LocalModel load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a model document. */
    public static LocalModel parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ModelException("the model file must be a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelException("\"format\" must be \"" + FORMAT + "\", got " + root.path("format"));
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new ModelException("unsupported model \"version\" " + root.path("version") + "; this engine reads version " + VERSION);
        }
        Type type;
        try {
            type = Type.valueOf(root.path("type").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelException("\"type\" must be lr, fm or mlp, got " + root.path("type"));
        }
        int buckets = root.path("buckets").asInt(0);
        if (buckets <= 0) {
            throw new ModelException("\"buckets\" must be a positive integer, got " + root.path("buckets"));
        }
        String output = root.path("output").asText("sigmoid");
        if (!output.equals("sigmoid") && !output.equals("raw")) {
            throw new ModelException("\"output\" must be sigmoid or raw, got \"" + output + "\"");
        }
        JsonNode fs = root.path("features");
        if (!fs.isArray() || fs.isEmpty()) {
            throw new ModelException("\"features\" must be a non-empty list");
        }
        List<Feature> features = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fs.size(); i++) {
            JsonNode f = fs.get(i);
            String name = f.path("name").asText("");
            String side = f.path("side").asText("");
            String kind = f.path("kind").asText("categorical");
            if (name.isEmpty()) {
                throw new ModelException("features[" + i + "] has no \"name\"");
            }
            if (!side.equals("user") && !side.equals("item")) {
                throw new ModelException("feature '" + name + "': \"side\" must be user or item, got \"" + side + "\"");
            }
            if (!kind.equals("categorical") && !kind.equals("numeric")) {
                throw new ModelException("feature '" + name + "': \"kind\" must be categorical or numeric, got \"" + kind + "\"");
            }
            if (!seen.add(side + ":" + name)) {
                throw new ModelException("feature '" + name + "' (" + side + ") is declared twice");
            }
            features.add(new Feature(name, side.equals("item"), kind.equals("numeric"), buckets));
        }
        double bias = root.path("bias").asDouble(0);
        float[] weights = null;
        float[] factors = null;
        int k = root.path("factors").asInt(0);
        Layer[] layers = null;
        int inputSize = 0;
        if (type == Type.LR || type == Type.FM) {
            weights = floats(root, "weights", buckets, "\"buckets\" (" + buckets + ")");
        }
        if (type == Type.FM || type == Type.MLP) {
            if (k <= 0) {
                throw new ModelException("\"factors\" (embedding size) must be positive for " + type.name().toLowerCase());
            }
            factors = floats(root, "embeddings", (long) buckets * k, "buckets x factors (" + buckets + " x " + k + ")");
        }
        if (type == Type.MLP) {
            for (Feature f : features) {
                f.inputOffset = inputSize;
                inputSize += f.numeric ? 1 : k;
            }
            JsonNode ls = root.path("layers");
            if (!ls.isArray() || ls.isEmpty()) {
                throw new ModelException("\"layers\" must be a non-empty list for mlp");
            }
            layers = new Layer[ls.size()];
            int in = inputSize;
            for (int i = 0; i < ls.size(); i++) {
                JsonNode l = ls.get(i);
                JsonNode rows = l.path("weights");
                if (!rows.isArray() || rows.isEmpty()) {
                    throw new ModelException("layers[" + i + "].weights must be a non-empty list of rows");
                }
                int out = rows.size();
                float[] w = new float[out * in];
                for (int o = 0; o < out; o++) {
                    JsonNode row = rows.get(o);
                    if (!row.isArray() || row.size() != in) {
                        throw new ModelException("layers[" + i + "].weights[" + o + "] has " + row.size()
                                + " values but the layer's input has " + in
                                + (i == 0 ? " (the declared features: numeric 1 each, categorical " + k + " each)" : ""));
                    }
                    for (int j = 0; j < in; j++) {
                        w[o * in + j] = (float) row.get(j).asDouble();
                    }
                }
                float[] b = new float[out];
                JsonNode bs = l.path("bias");
                if (!bs.isMissingNode()) {
                    if (!bs.isArray() || bs.size() != out) {
                        throw new ModelException("layers[" + i + "].bias has " + bs.size() + " values, expected " + out);
                    }
                    for (int o = 0; o < out; o++) {
                        b[o] = (float) bs.get(o).asDouble();
                    }
                }
                String act = l.path("activation").asText(i == ls.size() - 1 ? "none" : "relu");
                if (!act.equals("relu") && !act.equals("sigmoid") && !act.equals("none")) {
                    throw new ModelException("layers[" + i + "].activation must be relu, sigmoid or none, got \"" + act + "\"");
                }
                layers[i] = new Layer(in, out, w, b, act);
                in = out;
            }
            if (in != 1) {
                throw new ModelException("the last layer must have 1 output, has " + in);
            }
        }
        return new LocalModel(type, buckets, k, output.equals("sigmoid"), bias, weights, factors, features, layers, inputSize);
    }

    private static float[] floats(JsonNode root, String key, long expected, String what) {
        JsonNode a = root.path(key);
        if (!a.isArray()) {
            throw new ModelException("\"" + key + "\" must be a list of numbers");
        }
        if (a.size() != expected) {
            throw new ModelException("\"" + key + "\" has " + a.size() + " values but the declared " + what + " needs " + expected);
        }
        float[] out = new float[(int) expected];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    public Type type() {
        return type;
    }

    /** Scratch and the user's precomputed half. One per user; not shared across users. */
    public final class UserPart {
        final User user;
        final double linear;
        final double[] sum;
        final double[] sumSq;
        final double[] hidden;

        UserPart(User user) {
            this.user = user;
            double lin = bias;
            double[] s = type == Type.FM ? new double[k] : null;
            double[] q = type == Type.FM ? new double[k] : null;
            double[] h = null;
            if (type == Type.MLP) {
                Layer l0 = layers[0];
                h = new double[l0.out];
                for (int o = 0; o < l0.out; o++) {
                    h[o] = l0.b[o];
                }
            }
            for (Feature f : userFeatures) {
                Object v = user.property(f.name);
                if (type == Type.MLP) {
                    addMlp(f, v, h);
                } else {
                    lin += addLinearFm(f, v, s, q);
                }
            }
            this.linear = lin;
            this.sum = s;
            this.sumSq = q;
            this.hidden = h;
        }
    }

    /** The user's half of the model (computed once per user and reused for all its items). */
    public UserPart userPart(User user) {
        return new UserPart(user);
    }

    /** Scores {@code items[from, to)} into {@code out[0 .. to-from)}. */
    public void score(UserPart u, List<Item> items, int from, int to, double[] out) {
        double[] s = type == Type.FM ? new double[k] : null;
        double[] q = type == Type.FM ? new double[k] : null;
        double[] h = type == Type.MLP ? new double[layers[0].out] : null;
        double[] x = null;
        double[] y = null;
        if (type == Type.MLP) {
            int max = 1;
            for (Layer l : layers) {
                max = Math.max(max, l.out);
            }
            x = new double[max];
            y = new double[max];
        }
        // first the kept row halves of the whole batch, copied side by side, then the arithmetic: the
        // lookups and copies of different items do not depend on each other, so their cache misses overlap
        // instead of stalling one item at a time, and the arithmetic then reads one array in order
        RowPart[] parts = new RowPart[to - from];
        int hl = halfLength();
        double[] halves = halves((to - from) * hl);
        for (int i = from; i < to; i++) {
            Item item = items.get(i);
            FeatureRow row = item.row();
            if (row != null) {
                RowPart part = row.derived(this, item.id(), rowParts);
                parts[i - from] = part;
                System.arraycopy(part.half, 0, halves, (i - from) * hl, hl);
            }
        }
        for (int i = from; i < to; i++) {
            Item item = items.get(i);
            RowPart part = parts[i - from];
            double z = part == null ? Double.NaN : scoreWithRow(u, item, part, halves, (i - from) * hl, s, q, h, x, y);
            if (Double.isNaN(z)) {
                z = scoreItem(u, item, s, q, h, x, y);
            }
            out[i - from] = sigmoidOutput ? 1.0 / (1.0 + Math.exp(-z)) : z;
        }
    }

    /** The raw score of one item, every item feature read through {@link Item#property}. */
    private double scoreItem(UserPart u, Item item, double[] s, double[] q, double[] h, double[] x, double[] y) {
        double z;
        switch (type) {
            case LR -> {
                z = u.linear;
                for (Feature f : itemFeatures) {
                    z += addLinearFm(f, itemValue(item, f), null, null);
                }
            }
            case FM -> {
                System.arraycopy(u.sum, 0, s, 0, k);
                System.arraycopy(u.sumSq, 0, q, 0, k);
                z = u.linear;
                for (Feature f : itemFeatures) {
                    z += addLinearFm(f, itemValue(item, f), s, q);
                }
                z += 0.5 * pairs(s, q);
            }
            default -> {
                System.arraycopy(u.hidden, 0, h, 0, h.length);
                for (Feature f : itemFeatures) {
                    addMlp(f, itemValue(item, f), h);
                }
                z = forward(h, x, y);
            }
        }
        return z;
    }

    private double pairs(double[] s, double[] q) {
        double pair = 0;
        for (int j = 0; j < k; j++) {
            pair += s[j] * s[j] - q[j];
        }
        return pair;
    }

    /**
     * What the item features found in one shared row contribute: the linear term, the FM factor sums and
     * squares, the MLP's first-layer sums. Computed once per row, selection and model
     * ({@link FeatureRow#derived}): items are shared by all users, so the text hashing and factor sums of
     * row features are not repeated per request. Laid out for the per-item read: the sums in one array,
     * which flags which features the row covers in a bit mask, and the {@code item_id} feature (absent from
     * detail rows, the same for every request of an item) folded in for the id of the item that first read
     * the row: an item costs a load of this object and one of {@link #half}.
     */
    final class RowPart implements FeatureRow.Owned {
        /** FM: {@code [linear, sum[0..k), sumSq[0..k)]}; LR: {@code [linear]}; MLP: the first layer's sums. */
        final double[] half;
        /** Bit i: item feature i has a value in the row (features past 63: {@link #coveredWide}). */
        final long covered;
        /** Null when the model has at most 64 item features. */
        final boolean[] coveredWide;
        /** The item id whose {@code item_id} feature {@link #half} includes; null when it includes none. */
        final String id;

        RowPart(FeatureRow row, String itemId) {
            double[] hf = new double[halfLength()];
            long mask = 0;
            boolean[] wide = itemFeatures.length > 64 ? new boolean[itemFeatures.length] : null;
            for (int i = 0; i < itemFeatures.length; i++) {
                Feature f = itemFeatures[i];
                Object v = row.get(f.name);
                if (v == null) {
                    continue;
                }
                if (wide != null) {
                    wide[i] = true;
                } else {
                    mask |= 1L << i;
                }
                addToHalf(f, v, hf);
            }
            this.covered = mask;
            this.coveredWide = wide;
            String id = null;
            if (itemIdFeature >= 0 && !covers(itemIdFeature)) {
                addToHalf(itemFeatures[itemIdFeature], itemId, hf);
                id = itemId;
            }
            this.half = hf;
            this.id = id;
        }

        boolean covers(int feature) {
            return coveredWide == null ? (covered & (1L << feature)) != 0 : coveredWide[feature];
        }

        /** The model, the owner it is kept for: kept as it is, without an entry around it. */
        @Override
        public Object owner() {
            return LocalModel.this;
        }
    }

    private int halfLength() {
        return switch (type) {
            case LR -> 1;
            case FM -> 1 + 2 * k;
            default -> layers[0].out;
        };
    }

    /** Adds one feature's value to a half laid out as {@link RowPart#half}. */
    private void addToHalf(Feature f, Object v, double[] hf) {
        switch (type) {
            case LR -> hf[0] += addLinearFm(f, v, null, null);
            case FM -> {
                double[] s = new double[k];
                double[] q = new double[k];
                hf[0] += addLinearFm(f, v, s, q);
                for (int j = 0; j < k; j++) {
                    hf[1 + j] += s[j];
                    hf[1 + k + j] += q[j];
                }
            }
            default -> addMlp(f, v, hf);
        }
    }

    /**
     * A scoring thread's scratch for a batch's row halves, reused across batches and requests (a batch of
     * 250 FM items would otherwise allocate 34 KB each time). Static: shared by every model on the thread.
     */
    private static final int MAX_KEPT_HALVES = 1 << 16;
    private static final ThreadLocal<double[][]> HALVES = ThreadLocal.withInitial(() -> new double[1][0]);

    private static double[] halves(int length) {
        if (length > MAX_KEPT_HALVES) {
            return new double[length]; // a huge batch: not kept on the thread
        }
        double[][] holder = HALVES.get();
        if (holder[0].length < length) {
            holder[0] = new double[Math.min(MAX_KEPT_HALVES, Math.max(length, 2 * holder[0].length))];
        }
        return holder[0];
    }

    /** Built once: a method reference made per item would allocate per item. */
    private final java.util.function.BiFunction<FeatureRow, String, RowPart> rowParts = RowPart::new;

    /**
     * The raw score from the user's half, the row's half and the features the item itself carries (the
     * request's: recall name and score, or anything written after the row was joined); NaN when the item
     * overrides a feature its row has (rare: then {@link #scoreItem} reads every feature).
     */
    private double scoreWithRow(UserPart u, Item item, RowPart r, double[] half, int off, double[] s, double[] q,
                                double[] h, double[] x, double[] y) {
        double z = 0;
        if (type == Type.FM) {
            for (int j = 0; j < k; j++) {
                s[j] = u.sum[j] + half[off + 1 + j];
                q[j] = u.sumSq[j] + half[off + 1 + k + j];
            }
        } else if (type == Type.MLP) {
            for (int o = 0; o < h.length; o++) {
                h[o] = u.hidden[o] + half[off + o];
            }
        }
        for (int i = 0; i < itemFeatures.length; i++) {
            Feature f = itemFeatures[i];
            Object v = item.ownProperty(f.name);
            if (r.covers(i)) {
                if (v != null) {
                    return Double.NaN;
                }
                continue;
            }
            if (i == itemIdFeature && r.id != null) {
                // the half has the item_id of r.id: right unless this item's differs (rare: rows shared by key)
                if (v == null && (r.id == item.id() || r.id.equals(item.id()))) {
                    continue;
                }
                return Double.NaN;
            }
            if (v == null && f.itemId) {
                v = item.id();
            }
            if (type == Type.MLP) {
                addMlp(f, v, h);
            } else {
                z += addLinearFm(f, v, s, q);
            }
        }
        return switch (type) {
            case LR -> u.linear + half[off] + z;
            case FM -> u.linear + half[off] + z + 0.5 * pairs(s, q);
            default -> forward(h, x, y);
        };
    }

    private double forward(double[] h0, double[] x, double[] y) {
        Layer l0 = layers[0];
        for (int o = 0; o < l0.out; o++) {
            x[o] = activate(l0, h0[o]);
        }
        double[] in = x;
        double[] out = y;
        for (int li = 1; li < layers.length; li++) {
            Layer l = layers[li];
            for (int o = 0; o < l.out; o++) {
                double acc = l.b[o];
                int base = o * l.in;
                for (int j = 0; j < l.in; j++) {
                    acc += l.w[base + j] * in[j];
                }
                out[o] = activate(l, acc);
            }
            double[] t = in;
            in = out;
            out = t;
        }
        return in[0];
    }

    private static double activate(Layer l, double v) {
        if (l.relu) {
            return v > 0 ? v : 0;
        }
        if (l.sigmoid) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        return v;
    }

    private static Object itemValue(Item item, Feature f) {
        Object v = item.property(f.name);
        if (v == null && "item_id".equals(f.name)) {
            return item.id();
        }
        return v;
    }

    /** LR/FM: the linear contribution of one feature; FM sums into {@code s}, {@code q}. */
    private double addLinearFm(Feature f, Object v, double[] s, double[] q) {
        if (v == null) {
            return 0;
        }
        if (f.numeric) {
            double x = Values.toDouble(v, 0);
            if (x == 0) {
                return 0;
            }
            addFactors(f.numericBucket, x, s, q);
            return weights[f.numericBucket] * x;
        }
        if (v instanceof List<?> list) {
            double lin = 0;
            for (Object e : list) {
                lin += addCategory(f, e, s, q);
            }
            return lin;
        }
        return addCategory(f, v, s, q);
    }

    private double addCategory(Feature f, Object v, double[] s, double[] q) {
        String text = Values.text(v);
        if (text.isEmpty()) {
            return 0;
        }
        int b = bucket(f, text);
        addFactors(b, 1, s, q);
        return weights[b];
    }

    private void addFactors(int bucket, double x, double[] s, double[] q) {
        if (s == null) {
            return;
        }
        int base = bucket * k;
        for (int j = 0; j < k; j++) {
            double vx = factors[base + j] * x;
            s[j] += vx;
            q[j] += vx * vx;
        }
    }

    /** MLP: adds the first layer's contribution of one input feature to {@code h}. */
    private void addMlp(Feature f, Object v, double[] h) {
        if (v == null) {
            return;
        }
        Layer l0 = layers[0];
        if (f.numeric) {
            double x = Values.toDouble(v, 0);
            if (x != 0) {
                for (int o = 0; o < l0.out; o++) {
                    h[o] += l0.w[o * l0.in + f.inputOffset] * x;
                }
            }
            return;
        }
        if (v instanceof List<?> list) {
            for (Object e : list) {
                addMlpCategory(f, e, h, l0);
            }
        } else {
            addMlpCategory(f, v, h, l0);
        }
    }

    private void addMlpCategory(Feature f, Object v, double[] h, Layer l0) {
        String text = Values.text(v);
        if (text.isEmpty()) {
            return;
        }
        int base = bucket(f, text) * k;
        for (int o = 0; o < l0.out; o++) {
            int row = o * l0.in + f.inputOffset;
            double acc = 0;
            for (int j = 0; j < k; j++) {
                acc += l0.w[row + j] * factors[base + j];
            }
            h[o] += acc;
        }
    }

    private int bucket(Feature f, String value) {
        return (int) Long.remainderUnsigned(fmix(hashChars(f.prefixHash, value)), buckets);
    }

    /**
     * The bucket of a categorical value: FNV-1a 64 over the UTF-8 bytes of {@code name=value}, then
     * MurmurHash3's fmix64 finalizer (so power-of-two bucket counts use well-mixed low bits), taken as
     * unsigned modulo {@code buckets}.
     */
    public static int bucketOf(String name, String value, int buckets) {
        return (int) Long.remainderUnsigned(fmix(hashChars(FNV_OFFSET, name + "=" + value)), buckets);
    }

    /** The bucket of a numeric feature: as {@link #bucketOf(String, String, int)} over {@code name} alone. */
    public static int bucketOf(String name, int buckets) {
        return (int) Long.remainderUnsigned(fmix(hashChars(FNV_OFFSET, name)), buckets);
    }

    /** MurmurHash3 fmix64. */
    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** FNV-1a 64 continued over the UTF-8 encoding of {@code s}, without allocating. */
    static long hashChars(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
            } else if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, s.charAt(++i));
                h = (h ^ (0xF0 | (cp >> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
            } else {
                h = (h ^ (0xE0 | (c >> 12))) * FNV_PRIME;
                h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
            }
        }
        return h;
    }
}
