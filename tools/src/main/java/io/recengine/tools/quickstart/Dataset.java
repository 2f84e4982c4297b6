package io.recengine.tools.quickstart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic data set shaped like MovieLens-1M: users with demographics and a few preferred
 * categories, items with a category, a year and a Zipf popularity, interactions drawn mostly from the
 * user's categories (so recommendations can be judged: "mostly from the categories the user
 * interacts with"), clustered user and item embeddings (one cluster per category), i2i similarity from
 * co-occurrence in user histories, and per-user behaviour sequences. Deterministic for a
 * {@link DatasetSpec}. Immutable after {@link #generate}.
 */
public final class Dataset {

    /** Genre names for the first categories (MovieLens' genres); more categories get {@code cat_<n>}. */
    private static final String[] GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "FilmNoir", "Horror", "Musical", "Mystery", "Romance", "SciFi",
        "Thriller", "War", "Western"};
    private static final String[] OCCUPATIONS = {"student", "engineer", "artist", "teacher", "doctor", "writer",
        "sales", "retired", "other"};

    /** How many items of the user's history feed co-occurrence, and how many neighbours each item keeps. */
    static final int COOC_WINDOW = 5;
    public static final int I2I_NEIGHBOURS = 50;
    public static final int SEQUENCE_LENGTH = 50;

    private final DatasetSpec spec;
    // items
    final int[] itemCategory;
    final int[] itemYear;
    final int[] itemPopularity;          // interaction counts
    final float[][] itemEmbedding;
    // users
    final int[] userAge;
    final boolean[] userMale;
    final int[] userOccupation;
    final int[][] userCategories;        // preferred categories, most preferred first
    final float[][] userEmbedding;
    // interactions, grouped by user, in time order
    final int[] interactionUser;
    final int[] interactionItem;
    final long[] interactionTime;
    final int[] userStart;               // interactions of user u: [userStart[u], userStart[u+1])
    // derived
    final int[][] i2iItems;
    final float[][] i2iScores;
    final int[] popularItems;            // by count, descending

    private Dataset(DatasetSpec spec) {
        this.spec = spec;
        int u = spec.users();
        int n = spec.items();
        itemCategory = new int[n];
        itemYear = new int[n];
        itemPopularity = new int[n];
        itemEmbedding = new float[n][];
        userAge = new int[u];
        userMale = new boolean[u];
        userOccupation = new int[u];
        userCategories = new int[u][];
        userEmbedding = new float[u][];
        interactionUser = new int[spec.interactions()];
        interactionItem = new int[spec.interactions()];
        interactionTime = new long[spec.interactions()];
        userStart = new int[u + 1];
        i2iItems = new int[n][];
        i2iScores = new float[n][];
        popularItems = new int[Math.min(n, 500)];
    }

    public DatasetSpec spec() {
        return spec;
    }

    /** Generates the data set of {@code spec}; a few seconds for {@link DatasetSpec#SMALL}. */
    public static Dataset generate(DatasetSpec spec) {
        Dataset d = new Dataset(spec);
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        float[][] centroids = new float[spec.categories()][];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = unit(gaussian(rnd, spec.dim(), 1.0f));
        }
        d.items(rnd.split(), centroids);
        d.users(rnd.split(), centroids);
        d.interactions(rnd.split());
        d.cooccurrence();
        d.popular();
        return d;
    }

    public static String categoryName(int c) {
        return c < GENRES.length ? GENRES[c] : "cat_" + c;
    }

    public static String occupationName(int o) {
        return OCCUPATIONS[o];
    }

    public static String itemId(int item) {
        return Integer.toString(item + 1);
    }

    public static String userId(int user) {
        return Integer.toString(user + 1);
    }

    private void items(SplittableRandom rnd, float[][] centroids) {
        int n = spec.items();
        // popularity rank is a random permutation so that popular items spread over categories
        for (int i = 0; i < n; i++) {
            itemCategory[i] = rnd.nextInt(spec.categories());
            itemYear[i] = 1930 + (int) Math.min(70, Math.abs(rnd.nextGaussian() * 20 + 50));
            itemEmbedding[i] = unit(add(centroids[itemCategory[i]], gaussian(rnd, spec.dim(), 0.35f)));
        }
    }

    private void users(SplittableRandom rnd, float[][] centroids) {
        for (int u = 0; u < spec.users(); u++) {
            userAge[u] = 18 + rnd.nextInt(45);
            userMale[u] = rnd.nextInt(100) < 70;
            userOccupation[u] = rnd.nextInt(OCCUPATIONS.length);
            int k = 1 + rnd.nextInt(3);
            int[] cats = new int[k];
            for (int j = 0; j < k; j++) {
                int c;
                do {
                    c = rnd.nextInt(spec.categories());
                } while (contains(cats, j, c));
                cats[j] = c;
            }
            userCategories[u] = cats;
            float[] e = new float[spec.dim()];
            for (int j = 0; j < k; j++) {
                e = add(e, scale(centroids[cats[j]], (float) (k - j) / k));
            }
            userEmbedding[u] = unit(add(e, gaussian(rnd, spec.dim(), 0.25f)));
        }
    }

    private void interactions(SplittableRandom rnd) {
        int users = spec.users();
        // per-category item lists, ordered by a Zipf rank inside the category
        List<List<Integer>> byCat = new ArrayList<>();
        for (int c = 0; c < spec.categories(); c++) {
            byCat.add(new ArrayList<>());
        }
        for (int i = 0; i < spec.items(); i++) {
            byCat.get(itemCategory[i]).add(i);
        }
        double[][] zipfCdf = new double[spec.categories()][];
        for (int c = 0; c < spec.categories(); c++) {
            zipfCdf[c] = zipfCdf(byCat.get(c).size(), 1.0);
        }
        double[] globalCdf = zipfCdf(spec.items(), 1.0);
        // log-normal activity, normalised to the total
        double[] activity = new double[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            activity[u] = Math.exp(rnd.nextGaussian() * 0.9);
            sum += activity[u];
        }
        int total = spec.interactions();
        int pos = 0;
        long t0 = 956_703_932L; // MovieLens-1M's first timestamp, for flavour
        for (int u = 0; u < users; u++) {
            userStart[u] = pos;
            int count = u == users - 1 ? total - pos : (int) Math.max(1, Math.round(activity[u] / sum * total));
            count = Math.min(count, total - pos - (users - 1 - u));
            long t = t0 + rnd.nextInt(86_400 * 365);
            for (int j = 0; j < count; j++) {
                int item;
                if (rnd.nextInt(100) < 85) {
                    int[] cats = userCategories[u];
                    int c = cats[pickWeighted(rnd, cats.length)];
                    List<Integer> list = byCat.get(c);
                    item = list.isEmpty() ? rnd.nextInt(spec.items()) : list.get(sample(zipfCdf[c], rnd));
                } else {
                    item = sample(globalCdf, rnd);
                }
                interactionUser[pos] = u;
                interactionItem[pos] = item;
                interactionTime[pos] = t;
                t += 60 + rnd.nextInt(3_600);
                itemPopularity[item]++;
                pos++;
            }
        }
        userStart[users] = pos;
    }

    /**
     * Item-to-item similarity from co-occurrence within a window of each user's history. Primitive
     * arrays (pair keys sorted and counted, neighbours in one flat array) rather than boxed maps: a
     * 200,000-item catalogue has millions of distinct pairs.
     */
    private void cooccurrence() {
        int n = spec.items();
        long[] keys = new long[interactionItem.length * COOC_WINDOW];
        int emitted = 0;
        for (int u = 0; u < spec.users(); u++) {
            for (int a = userStart[u]; a < userStart[u + 1]; a++) {
                int ia = interactionItem[a];
                for (int b = a + 1; b < Math.min(userStart[u + 1], a + 1 + COOC_WINDOW); b++) {
                    int ib = interactionItem[b];
                    if (ia != ib) {
                        keys[emitted++] = ((long) Math.min(ia, ib) << 32) | Math.max(ia, ib);
                    }
                }
            }
        }
        Arrays.sort(keys, 0, emitted);
        // distinct pairs with their counts, and each item's number of neighbours
        int distinct = 0;
        int[] counts = new int[emitted];
        int[] degree = new int[n + 1];
        for (int i = 0; i < emitted; i++) {
            if (distinct > 0 && keys[distinct - 1] == keys[i]) {
                counts[distinct - 1]++;
            } else {
                keys[distinct] = keys[i];
                counts[distinct++] = 1;
                degree[(int) (keys[i] >>> 32)]++;
                degree[(int) keys[i]]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + degree[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        // (score descending, neighbour ascending) as one ascending long: scores are positive, so their
        // float bits order like the scores
        long[] order = new long[start[n]];
        for (int p = 0; p < distinct; p++) {
            int a = (int) (keys[p] >>> 32);
            int b = (int) keys[p];
            float s = (float) (counts[p] / Math.sqrt((double) Math.max(1, itemPopularity[a]) * Math.max(1, itemPopularity[b])));
            long rank = (long) (Integer.MAX_VALUE - Float.floatToIntBits(s)) << 32;
            order[fill[a]++] = rank | b;
            order[fill[b]++] = rank | a;
        }
        for (int i = 0; i < n; i++) {
            Arrays.sort(order, start[i], start[i + 1]);
            int k = Math.min(I2I_NEIGHBOURS, start[i + 1] - start[i]);
            i2iItems[i] = new int[k];
            i2iScores[i] = new float[k];
            for (int j = 0; j < k; j++) {
                long o = order[start[i] + j];
                i2iItems[i][j] = (int) o;
                i2iScores[i][j] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (o >>> 32));
            }
        }
    }

    private void popular() {
        Integer[] idx = new Integer[spec.items()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> itemPopularity[a] != itemPopularity[b]
                ? Integer.compare(itemPopularity[b], itemPopularity[a]) : Integer.compare(a, b));
        for (int i = 0; i < popularItems.length; i++) {
            popularItems[i] = idx[i];
        }
    }

    /** The user's last {@code max} items, most recent first (the behaviour sequence). */
    public int[] recentItems(int user, int max) {
        int from = userStart[user];
        int to = userStart[user + 1];
        int k = Math.min(max, to - from);
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = interactionItem[to - 1 - j];
        }
        return out;
    }

    public int category(int item) {
        return itemCategory[item];
    }

    public int[] preferredCategories(int user) {
        return userCategories[user].clone();
    }

    public int interactionsOf(int user) {
        return userStart[user + 1] - userStart[user];
    }

    // --- small numeric helpers -------------------------------------------------------------------

    private static boolean contains(int[] a, int len, int v) {
        for (int i = 0; i < len; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Index 0 with weight k, 1 with k-1, ...: the first preferred category dominates. */
    private static int pickWeighted(SplittableRandom rnd, int k) {
        int total = k * (k + 1) / 2;
        int r = rnd.nextInt(total);
        for (int i = 0; i < k; i++) {
            r -= k - i;
            if (r < 0) {
                return i;
            }
        }
        return k - 1;
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[Math.max(n, 0)];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += 1.0 / Math.pow(i + 1, s);
            cdf[i] = acc;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= acc;
        }
        return cdf;
    }

    private static int sample(double[] cdf, SplittableRandom rnd) {
        int i = Arrays.binarySearch(cdf, rnd.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    private static float[] gaussian(SplittableRandom rnd, int dim, float sigma) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static float[] scale(float[] a, float f) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * f;
        }
        return out;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(Math.max(n, 1e-12)));
        return scale(v, inv);
    }
}
