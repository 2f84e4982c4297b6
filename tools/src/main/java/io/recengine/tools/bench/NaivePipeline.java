package io.recengine.tools.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.tools.quickstart.QuickstartData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's reference: the quickstart scene ({@code bench/quickstart-bench.json}) implemented
 * the obvious way, on the same data files and model: recalls one after the other, the vector recall
 * as an exact scan, a fresh {@code HashMap} per candidate copied at every stage, the model called item
 * by item, no pools, no caches. Its answers are the golden answers the engine must reproduce; its
 * speed is what the engine is measured against. It uses none of the engine's code (the model is
 * {@link NaiveFm}), so that an engine bug shows up as a mismatch. Read-only after construction (but
 * for two counters), thread-safe.
 *
 * <p>On a large catalogue the engine's vector recall is approximate (HNSW) while this one is the exact
 * scan; {@link #recommend(String, int, VectorCandidates)} lets the golden check run this pipeline on
 * the vector candidates another index chose (re-scored here), so that everything but the index is still
 * compared exactly.
 */
public final class NaivePipeline {

    static final int I2I_TRIGGERS = 20;
    static final int I2I_COUNT = 400;
    static final int VECTOR_COUNT = 400;
    static final int POPULAR_COUNT = 200;
    static final int DIVERSITY_WINDOW = 5;
    static final int DIVERSITY_FREQUENCY = 3;
    private static final String[] ITEM_FIELDS = {"title", "category", "year", "popularity"};

    private final Map<String, Map<String, String>> users = new HashMap<>();
    private final Map<String, Map<String, String>> items = new HashMap<>();
    private final Map<String, List<String[]>> i2i = new HashMap<>();
    private final List<String[]> popular = new ArrayList<>();
    private final List<String> vectorIds = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final Map<String, Integer> vectorRows = new HashMap<>();
    private final NaiveFm model;
    // what the harness divides allocation by: requests served and their candidates after dedup
    private final LongAdder served = new LongAdder();
    private final LongAdder candidatesServed = new LongAdder();

    /** Where the vector recall's candidate ids come from: the best {@code k} ids for a query, any order. */
    @FunctionalInterface
    public interface VectorCandidates {
        List<String> ids(float[] query, int k);
    }

    /** One line of {@code item_vectors.jsonl}. */
    private record ItemVector(String id, float[] embedding) {
    }

    /** Loads {@code dir} (a quickstart data directory with its {@code fm_model.json}). */
    public NaivePipeline(Path dir) {
        try {
            readCsv(dir.resolve("user_detail.csv"), (h, r) -> users.put(r[0], row(h, r)));
            readCsv(dir.resolve("item_detail.csv"), (h, r) -> items.put(r[0], row(h, r)));
            readCsv(dir.resolve("i2i.csv"), (h, r) -> i2i.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new String[]{r[1], r[2]}));
            readCsv(dir.resolve("popular.csv"), (h, r) -> popular.add(new String[]{r[1], r[2]}));
            try (MappingIterator<ItemVector> lines = new ObjectMapper().readerFor(ItemVector.class)
                    .readValues(dir.resolve("item_vectors.jsonl").toFile())) {
                while (lines.hasNext()) {
                    ItemVector line = lines.next();
                    vectorRows.put(line.id(), vectorIds.size());
                    vectorIds.add(line.id());
                    vectors.add(line.embedding());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the quickstart data in " + dir + " failed", e);
        }
        model = NaiveFm.load(dir.resolve(QuickstartData.MODEL_FILE));
    }

    /** The final items for {@code uid}: ids with scores and retrieve ids, best first, at most {@code size}. */
    public List<Map<String, Object>> recommend(String uid, int size) {
        return recommend(uid, size, null);
    }

    /**
     * As {@link #recommend(String, int)}, with the vector recall taking its candidate ids from
     * {@code vectorCandidates} (null: the exact scan) and scoring them itself.
     */
    public List<Map<String, Object>> recommend(String uid, int size, VectorCandidates vectorCandidates) {
        Map<String, Object> user = new HashMap<>(users.getOrDefault(uid, Map.of()));
        user.put("uid", uid);

        List<Map<String, Object>> candidates = new ArrayList<>();
        candidates.addAll(i2iRecall(user));
        candidates.addAll(vectorRecall(user, vectorCandidates));
        candidates.addAll(popularRecall());

        // UniqueFilter: first copy wins
        Map<String, Map<String, Object>> unique = new LinkedHashMap<>();
        for (Map<String, Object> c : candidates) {
            unique.putIfAbsent((String) c.get("item_id"), new HashMap<>(c));
        }
        // item features: a copy of each item with its detail row
        List<Map<String, Object>> featured = new ArrayList<>();
        for (Map<String, Object> c : unique.values()) {
            Map<String, Object> m = new HashMap<>(c);
            Map<String, String> row = items.get((String) c.get("item_id"));
            if (row != null) {
                for (String f : ITEM_FIELDS) {
                    if (row.containsKey(f)) {
                        m.put(f, row.get(f));
                    }
                }
            }
            featured.add(m);
        }
        served.increment();
        candidatesServed.add(featured.size());
        // rank: the model item by item
        for (Map<String, Object> m : featured) {
            m.put("score", model.score(user, m));
        }
        // ItemRankScore, then the category diversity rule
        featured.sort(Comparator.comparingDouble((Map<String, Object> m) -> (Double) m.get("score")).reversed());
        List<Map<String, Object>> diversified = diversify(featured, size);
        return new ArrayList<>(diversified.subList(0, Math.min(size, diversified.size())));
    }

    private List<Map<String, Object>> i2iRecall(Map<String, Object> user) {
        Object seq = user.get("click_seq");
        LinkedHashSet<String> triggers = new LinkedHashSet<>();
        if (seq != null) {
            for (String t : seq.toString().split(",")) {
                if (!t.isBlank() && triggers.size() < I2I_TRIGGERS) {
                    triggers.add(t.trim());
                }
            }
        }
        // an item keeps its best score; equal scores rank in the order they were first reached (trigger
        // order, then the table's line order), the match engine's documented rule for ties
        Map<String, Double> best = new LinkedHashMap<>();
        for (String t : triggers) {
            for (String[] e : i2i.getOrDefault(t, List.of())) {
                best.merge(e[0], Double.parseDouble(e[1]), Math::max);
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(best.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : ranked.subList(0, Math.min(I2I_COUNT, ranked.size()))) {
            out.add(candidate(e.getKey(), e.getValue(), "u2i2i"));
        }
        return out;
    }

    /** The user's {@code user_emb}, or null when the user has none. */
    public float[] userEmbedding(String uid) {
        Map<String, String> user = users.get(uid);
        String emb = user == null ? null : user.get("user_emb");
        if (emb == null) {
            return null;
        }
        String[] parts = emb.split(",");
        float[] q = new float[parts.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Float.parseFloat(parts[i].trim());
        }
        return q;
    }

    /** The exact top {@code k} item ids by inner product with {@code query}, best first. */
    public List<String> exactVectorIds(float[] query, int k) {
        List<String> out = new ArrayList<>();
        for (Object[] s : scan(query, null).subList(0, Math.min(k, vectors.size()))) {
            out.add((String) s[0]);
        }
        return out;
    }

    /** Requests {@link #recommend} served since start. */
    public long served() {
        return served.sum();
    }

    /** Candidates (after the unique filter) of the requests {@link #recommend} served since start. */
    public long candidatesServed() {
        return candidatesServed.sum();
    }

    private List<Map<String, Object>> vectorRecall(Map<String, Object> user, VectorCandidates vectorCandidates) {
        Object emb = user.get("user_emb");
        if (emb == null) {
            return List.of();
        }
        float[] q = userEmbedding((String) user.get("uid"));
        int[] rows = null;
        if (vectorCandidates != null) {
            List<String> ids = vectorCandidates.ids(q, VECTOR_COUNT);
            rows = new int[ids.size()];
            for (int i = 0; i < rows.length; i++) {
                Integer row = vectorRows.get(ids.get(i));
                if (row == null) {
                    throw new IllegalStateException("vector candidate '" + ids.get(i) + "' is not in item_vectors.jsonl");
                }
                rows[i] = row;
            }
        }
        List<Object[]> scored = scan(q, rows);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] s : scored.subList(0, Math.min(VECTOR_COUNT, scored.size()))) {
            out.add(candidate((String) s[0], (Double) s[1], "user_vector"));
        }
        return out;
    }

    /** {id, inner product} of each of {@code rows} (null: every row) with {@code q}, best first. */
    private List<Object[]> scan(float[] q, int[] rows) {
        List<Object[]> scored = new ArrayList<>();
        int n = rows == null ? vectors.size() : rows.length;
        for (int r = 0; r < n; r++) {
            int i = rows == null ? r : rows[r];
            float[] v = vectors.get(i);
            double dot = 0;
            for (int d = 0; d < q.length; d++) {
                dot += q[d] * v[d];
            }
            scored.add(new Object[]{vectorIds.get(i), dot});
        }
        scored.sort((a, b) -> Double.compare((Double) b[1], (Double) a[1]));
        return scored;
    }

    private List<Map<String, Object>> popularRecall() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] p : popular.subList(0, Math.min(POPULAR_COUNT, popular.size()))) {
            out.add(candidate(p[0], Double.parseDouble(p[1]), "popular"));
        }
        return out;
    }

    private static Map<String, Object> candidate(String id, double score, String recall) {
        Map<String, Object> m = new HashMap<>();
        m.put("item_id", id);
        m.put("score", score);
        m.put("retrieve_id", recall);
        return m;
    }

    /** At most {@link #DIVERSITY_FREQUENCY} items of one category in any {@link #DIVERSITY_WINDOW} positions. */
    private static List<Map<String, Object>> diversify(List<Map<String, Object>> ranked, int size) {
        List<Map<String, Object>> rest = new ArrayList<>(ranked);
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < size && !rest.isEmpty()) {
            int pick = 0;
            for (int i = 0; i < rest.size(); i++) {
                String cat = String.valueOf(rest.get(i).getOrDefault("category", ""));
                int same = 0;
                for (int p = Math.max(0, out.size() - DIVERSITY_WINDOW + 1); p < out.size(); p++) {
                    if (cat.equals(String.valueOf(out.get(p).getOrDefault("category", "")))) {
                        same++;
                    }
                }
                if (same < DIVERSITY_FREQUENCY) {
                    pick = i;
                    break;
                }
            }
            out.add(rest.remove(pick));
        }
        out.addAll(rest);
        return out;
    }

    private interface RowSink {
        void row(String[] header, String[] row);
    }

    private static void readCsv(Path file, RowSink sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String[] header = splitCsv(r.readLine());
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    sink.row(header, splitCsv(line));
                }
            }
        }
    }

    /** CSV with double-quoted fields (no escaped quotes inside: the generator writes none). */
    private static String[] splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }

    private static Map<String, String> row(String[] header, String[] r) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.length && i < r.length; i++) {
            m.put(header[i], r[i]);
        }
        return m;
    }
}
