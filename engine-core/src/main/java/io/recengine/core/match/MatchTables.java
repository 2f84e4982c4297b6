package io.recengine.core.match;

import io.recengine.spi.ConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The match engine's tables (x2i services, vector services, detail tables) as {@code MatchEngineConf.Tables}
 * defines them, loaded from their files. {@link MatchReads} and {@link MatchUpdates} work on them; the
 * tables themselves are thread-safe. Closing stops the background index builds.
 */
final class MatchTables implements AutoCloseable {

    final Map<String, MatchConfig.Table> confs = new LinkedHashMap<>();
    final Map<String, DetailTable> details = new LinkedHashMap<>();
    final Map<String, X2iTable> x2i = new LinkedHashMap<>();
    final Map<String, VectorTable> vectors = new LinkedHashMap<>();
    private final MatchConfig config;
    /** Where the content comes from instead of the files, or null. */
    private final MatchSnapshot snapshot;
    private final ExecutorService background;
    /**
     * One instance per item id across the loaded tables: the detail tables' keys, then the ids the x2i and
     * vector tables name. A read joins its hits to detail rows by key; with one instance the hash lookup
     * ends at the reference compare instead of comparing the text (a cache miss per candidate).
     */
    private final Map<String, String> ids = new HashMap<>();

    private MatchTables(MatchConfig config, MatchSnapshot snapshot) {
        this.config = config;
        this.snapshot = snapshot;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "recengine-match-index");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.background = pool;
    }

    /**
     * Loads every table's file.
     *
     * @throws ConfigException on the first data problem (component, key, reason)
     */
    static MatchTables load(MatchConfig config) {
        return load(config, null);
    }

    /**
     * Builds every table from {@code snapshot} (which must {@linkplain MatchSnapshot#matches match} the
     * config), or from the files when it is null.
     */
    static MatchTables load(MatchConfig config, MatchSnapshot snapshot) {
        MatchTables t = new MatchTables(config, snapshot);
        try {
            t.load();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private void load() {
        // detail tables first: services filter on them
        for (MatchConfig.Table t : config.tables()) {
            confs.put(t.name(), t);
            if (t.kind() == MatchConfig.Kind.DETAIL) {
                details.put(t.name(), loadDetail(t));
            }
        }
        for (MatchConfig.Table t : config.tables()) {
            if (t.kind() == MatchConfig.Kind.X2I) {
                x2i.put(t.name(), loadX2i(t));
            } else if (t.kind() == MatchConfig.Kind.VECTOR) {
                vectors.put(t.name(), loadVector(t));
            }
        }
    }

    /** The one instance of an item id (see {@link #ids}). */
    private String canonical(String id) {
        String c = ids.putIfAbsent(id, id);
        return c == null ? id : c;
    }

    /** The row with its key replaced by the canonical instance (the row's own map is changed). */
    private Map<String, String> withCanonicalKey(Map<String, String> row, String primaryKey) {
        String key = row.get(primaryKey);
        if (key != null) {
            row.put(primaryKey, canonical(key));
        }
        return row;
    }

    private static ConfigException dataProblem(MatchConfig.Table t, String reason, Throwable cause) {
        return new ConfigException(t.component(), "Path", reason, cause);
    }

    private DetailTable loadDetail(MatchConfig.Table t) {
        if (snapshot != null) {
            MatchSnapshot.TableData data = snapshot.tables().get(t.name());
            DetailTable d = new DetailTable(t.name(), t.primaryKey(), data.fields);
            data.rows.forEach(r -> d.put(withCanonicalKey(r, t.primaryKey())));
            return d;
        }
        if (t.path() == null) {
            return new DetailTable(t.name(), t.primaryKey(), t.fields());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = readFile(t, rows::add);
        List<String> fields = t.fields().isEmpty() ? header : t.fields();
        if (!fields.contains(t.primaryKey())) {
            throw new ConfigException(t.component(), "PrimaryKey", "primary key '" + t.primaryKey()
                    + "' is not a field of " + t.path().getFileName() + " " + fields);
        }
        DetailTable d = new DetailTable(t.name(), t.primaryKey(), fields);
        for (Map<String, String> r : rows) {
            String key = r.get(t.primaryKey());
            if (key == null || key.isEmpty()) {
                throw dataProblem(t, "a row of " + t.path().getFileName() + " has no primary key '" + t.primaryKey() + "'", null);
            }
            d.put(withCanonicalKey(r, t.primaryKey()));
        }
        return d;
    }

    private X2iTable loadX2i(MatchConfig.Table t) {
        X2iTable table = new X2iTable(t.name());
        if (snapshot != null) {
            Map<String, Map<String, Double>> byTrigger = new LinkedHashMap<>();
            snapshot.tables().get(t.name()).x2i.forEach((trigger, items) -> {
                Map<String, Double> canonical = new LinkedHashMap<>();
                items.forEach((item, score) -> canonical.put(canonical(item), score));
                byTrigger.put(trigger, canonical);
            });
            table.load(byTrigger);
            return table;
        }
        if (t.path() == null) {
            return table;
        }
        Map<String, Map<String, Double>> byTrigger = new HashMap<>();
        readFile(t, r -> {
            String trigger = r.get(t.triggerField());
            if (trigger == null) {
                throw dataProblem(t, "no field '" + t.triggerField() + "' in " + t.path().getFileName(), null);
            }
            Map<String, Double> items = byTrigger.computeIfAbsent(trigger, k -> new LinkedHashMap<>());
            String list = r.get("item_ids");
            if (list != null && !r.containsKey(t.itemField())) {
                // PAI-Rec's i2i table shape: item_ids = "item:score,item:score"
                for (String part : list.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    int colon = part.lastIndexOf(':');
                    String item = colon < 0 ? part.trim() : part.substring(0, colon).trim();
                    items.put(canonical(item), colon < 0 ? 1.0 : number(t, part.substring(colon + 1)));
                }
                return;
            }
            String item = r.get(t.itemField());
            if (item == null || item.isEmpty()) {
                throw dataProblem(t, "a row of " + t.path().getFileName() + " has no '" + t.itemField() + "'", null);
            }
            String score = r.get(t.scoreField());
            items.put(canonical(item), score == null || score.isEmpty() ? 1.0 : number(t, score));
        });
        table.load(byTrigger);
        return table;
    }

    private static double number(MatchConfig.Table t, String s) {
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw dataProblem(t, "score \"" + s + "\" is not a number", null);
        }
    }

    private VectorTable loadVector(MatchConfig.Table t) {
        List<String> ids = new ArrayList<>();
        List<float[]> vecs = new ArrayList<>();
        int snapshotDimension = 0;
        if (snapshot != null) {
            MatchSnapshot.TableData data = snapshot.tables().get(t.name());
            ids = new ArrayList<>(data.ids.size());
            for (String id : data.ids) {
                ids.add(canonical(id));
            }
            vecs = data.vectors;
            snapshotDimension = data.dimension;
        } else if (t.path() != null) {
            List<String> fileIds = ids;
            List<float[]> fileVecs = vecs;
            readFile(t, r -> {
                String id = r.get(t.keyField());
                String v = r.get(t.vectorField());
                if (id == null || id.isEmpty() || v == null) {
                    throw dataProblem(t, "rows of " + t.path().getFileName() + " need '" + t.keyField() + "' and '"
                            + t.vectorField() + "'", null);
                }
                try {
                    fileVecs.add(DataFiles.parseVector(v));
                } catch (NumberFormatException e) {
                    throw dataProblem(t, "bad vector for '" + id + "': " + e.getMessage(), null);
                }
                fileIds.add(canonical(id));
            });
        }
        int dim = t.dimension() != 0 ? t.dimension() : snapshotDimension;
        if (dim == 0) {
            if (vecs.isEmpty()) {
                throw new ConfigException(t.component(), "Dimension", "cannot infer the dimension of an empty file");
            }
            dim = vecs.get(0).length;
        }
        VectorTable table = new VectorTable(t.name(), dim, t.metric(), t.hnswThreshold(), t.rebuildRatio(), t.hnsw(),
                t.hnswGraphFile(), background);
        try {
            table.load(ids, vecs);
        } catch (IllegalArgumentException e) {
            throw dataProblem(t, e.getMessage(), null);
        }
        return table;
    }

    private List<String> readFile(MatchConfig.Table t, java.util.function.Consumer<Map<String, String>> row) {
        try {
            return DataFiles.read(t.path(), t.format(), row);
        } catch (java.nio.file.NoSuchFileException e) {
            throw dataProblem(t, "file not found: " + t.path(), null);
        } catch (IOException e) {
            // the reason without the exception's class name: messages are for operators
            throw dataProblem(t, "cannot read " + t.path() + ": " + e.getMessage(), null);
        } catch (DataFiles.DataException e) {
            throw dataProblem(t, e.getMessage(), null);
        }
    }

    /** Table -> kind and size, for logs. */
    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        details.forEach((n, d) -> m.put(n, "detail, " + d.size() + " rows"));
        x2i.forEach((n, x) -> m.put(n, "x2i, " + x.triggers() + " triggers"));
        vectors.forEach((n, v) -> m.put(n, "vector, " + v.size() + " x " + v.dimension() + ", " + v.indexDescription()));
        return m;
    }

    /**
     * Table -> its size and a digest of its content: equal digests mean equal tables whatever the order
     * the rows were stored in (a sum of per-entry hashes), so replicas can be compared from outside. O(size).
     */
    Map<String, TableDigest> digests() {
        Map<String, TableDigest> m = new LinkedHashMap<>();
        details.forEach((n, d) -> {
            long[] acc = new long[2];
            d.forEach((key, row) -> {
                long h = Digest.of(key);
                for (Map.Entry<String, String> f : row.entrySet()) {
                    h = Digest.mix(h, Digest.of(f.getKey()));
                    h = Digest.mix(h, Digest.of(f.getValue()));
                }
                acc[0]++;
                acc[1] += Digest.finish(h);
            });
            m.put(n, new TableDigest(acc[0], acc[1]));
        });
        x2i.forEach((n, x) -> {
            long[] acc = new long[2];
            x.forEach((trigger, entries) -> {
                long h = Digest.of(trigger);
                for (X2iTable.Entry e : entries) {
                    h = Digest.mix(h, Digest.of(e.item()));
                    h = Digest.mix(h, Double.doubleToLongBits(e.score()));
                }
                acc[0]++;
                acc[1] += Digest.finish(h);
            });
            m.put(n, new TableDigest(acc[0], acc[1]));
        });
        vectors.forEach((n, v) -> {
            long[] acc = new long[2];
            v.forEachLive((id, vec) -> {
                long h = Digest.of(id);
                for (float f : vec) {
                    h = Digest.mix(h, Float.floatToIntBits(f));
                }
                acc[0]++;
                acc[1] += Digest.finish(h);
            });
            m.put(n, new TableDigest(acc[0], acc[1]));
        });
        return m;
    }

    /** A table's entry count (rows, triggers or vectors) and content digest. */
    record TableDigest(long size, long hash) {
        String hex() {
            return String.format("%016x", hash);
        }
    }

    /** A 64-bit FNV-1a over chars with a final avalanche: cheap, and good enough to tell tables apart. */
    private static final class Digest {
        static long of(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            return mix(h, s.length());
        }

        static long mix(long h, long v) {
            return (h ^ v) * 0x100000001b3L + 0x9e3779b97f4a7c15L;
        }

        static long finish(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
