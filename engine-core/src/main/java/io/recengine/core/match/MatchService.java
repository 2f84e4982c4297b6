package io.recengine.core.match;

import io.recengine.core.api.ApiResponse;
import io.recengine.core.config.EngineConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.match.MatchEngine;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The embedded match engine and its AIME HTTP contract ({@code /be}, {@code /sendmsg}).
 *
 * <p>Tables come from {@code MatchEngineConf.Tables} (see docs/aime.md): x2i services, vector services
 * and detail tables, loaded at start and changed by {@code /sendmsg}. Reads answer in AIME's
 * {@code json2} shape; plugins reach the same reads in process through {@link MatchEngine}
 * ({@link #services()}). Thread-safe.
 */
public final class MatchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatchService.class);

    /** {@code errorCode} of a read naming no service (as the BE SDK fixtures: "biz not exist."). */
    public static final int ERR_NO_SERVICE = 3;
    /** {@code errorCode} of a malformed read parameter (trigger list, return count, query string). */
    public static final int ERR_BAD_PARAM = 2;
    /** {@code errorCode} of an internal failure. */
    public static final int ERR_INTERNAL = 1;

    static final String SEP = "\u001F\n";

    private final MatchConfig config;
    private final Map<String, MatchConfig.Table> confs = new LinkedHashMap<>();
    private final Map<String, DetailTable> details = new LinkedHashMap<>();
    private final Map<String, X2iTable> x2i = new LinkedHashMap<>();
    private final Map<String, VectorTable> vectors = new LinkedHashMap<>();
    private final Map<String, byte[]> passwords = new HashMap<>();
    private final ExecutorService background;
    private final Engine engine = new Engine();

    private MatchService(MatchConfig config) {
        this.config = config;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "recengine-match-index");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.background = pool;
        for (MatchConfig.User u : config.users()) {
            passwords.put(u.username(), u.password().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads {@code MatchEngineConf} and loads every table's file. A config without the key gives an engine
     * with no services (and no auth).
     *
     * @throws ConfigException on the first config or data problem (component, key, reason)
     */
    public static MatchService build(EngineConfig config, Clock clock) {
        List<ConfigException> problems = new ArrayList<>();
        MatchConfig mc = MatchConfig.parse(config.root(), config.baseDir(), problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        MatchService s = new MatchService(mc);
        try {
            s.load();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        if (!mc.tables().isEmpty()) {
            if (mc.users().isEmpty()) {
                LOG.warn("{} has no Users: /be and /sendmsg answer without authentication", MatchConfig.KEY);
            }
            LOG.info("match engine: {} table(s): {}", mc.tables().size(), s.describe());
        }
        return s;
    }

    /** Checks {@code MatchEngineConf} without reading data files. */
    public static List<ConfigException> check(EngineConfig config) {
        List<ConfigException> problems = new ArrayList<>();
        MatchConfig.parse(config.root(), config.baseDir(), problems);
        return problems;
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

    private static ConfigException dataProblem(MatchConfig.Table t, String reason, Throwable cause) {
        return new ConfigException(t.component(), "Path", reason, cause);
    }

    private DetailTable loadDetail(MatchConfig.Table t) {
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
            d.put(r);
        }
        return d;
    }

    private X2iTable loadX2i(MatchConfig.Table t) {
        X2iTable table = new X2iTable(t.name());
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
                    items.put(item, colon < 0 ? 1.0 : number(t, part.substring(colon + 1)));
                }
                return;
            }
            String item = r.get(t.itemField());
            if (item == null || item.isEmpty()) {
                throw dataProblem(t, "a row of " + t.path().getFileName() + " has no '" + t.itemField() + "'", null);
            }
            String score = r.get(t.scoreField());
            items.put(item, score == null || score.isEmpty() ? 1.0 : number(t, score));
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
        if (t.path() != null) {
            readFile(t, r -> {
                String id = r.get(t.keyField());
                String v = r.get(t.vectorField());
                if (id == null || id.isEmpty() || v == null) {
                    throw dataProblem(t, "rows of " + t.path().getFileName() + " need '" + t.keyField() + "' and '"
                            + t.vectorField() + "'", null);
                }
                try {
                    vecs.add(DataFiles.parseVector(v));
                } catch (NumberFormatException e) {
                    throw dataProblem(t, "bad vector for '" + id + "': " + e.getMessage(), null);
                }
                ids.add(id);
            });
        }
        int dim = t.dimension();
        if (dim == 0) {
            if (vecs.isEmpty()) {
                throw new ConfigException(t.component(), "Dimension", "cannot infer the dimension of an empty file");
            }
            dim = vecs.get(0).length;
        }
        VectorTable table = new VectorTable(t.name(), dim, t.metric(), t.hnswThreshold(), t.rebuildRatio(), t.hnsw(),
                background);
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
        } catch (IOException e) {
            throw dataProblem(t, "cannot read " + t.path() + ": " + e, e);
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

    /** Engine services exposed to plugins through {@code PluginContext.service(type)}. */
    public Map<Class<?>, Object> services() {
        return Map.of(MatchEngine.class, engine);
    }

    /** The in-process API (the same object {@link #services()} exposes). */
    public MatchEngine engine() {
        return engine;
    }

    /** A vector service by name, or null (tests, benchmarks). */
    public VectorTable vectorTable(String name) {
        return vectors.get(name);
    }

    // ---------------------------------------------------------------- auth

    /** True when no users are configured or the header carries a configured user's password. */
    boolean authorized(String authorization) {
        if (passwords.isEmpty()) {
            return true;
        }
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = passwords.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            MessageDigest.isEqual(given, given); // similar time for unknown users
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    // ---------------------------------------------------------------- /be

    /** {@code GET /be}: the raw (undecoded) query string and the Authorization header. Never throws. */
    public ApiResponse be(String rawQuery, String authorization) {
        if (!authorized(authorization)) {
            return new ApiResponse(401, 401, utf8(errorJson(401, "unauthorized")));
        }
        MatchResult r;
        try {
            r = read(QueryStrings.parse(rawQuery, false));
        } catch (IllegalArgumentException e) {
            r = MatchResult.error(ERR_BAD_PARAM, "malformed query string: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("/be failed", e);
            r = MatchResult.error(ERR_INTERNAL, "internal error: " + e);
        }
        return new ApiResponse(200, r.errorCode(), utf8(toJson(r)));
    }

    private String errorJson(int code, String message) {
        return toJson(MatchResult.error(code, message));
    }

    /** The {@code json2} reply: camelCase as the AIME documentation, or snake_case as the BE SDKs. */
    String toJson(MatchResult r) {
        boolean snake = config.snakeCase();
        StringBuilder sb = new StringBuilder(256 + r.rows().size() * 128);
        sb.append('{').append(snake ? "\"error_code\":" : "\"errorCode\":").append(r.errorCode());
        sb.append(snake ? ",\"error_message\":" : ",\"errorMessage\":");
        Json.string(sb, r.errorMessage());
        if (r.ok()) {
            sb.append(snake ? ",\"match_items\":{\"field_names\":[" : ",\"matchItems\":{\"fieldNames\":[");
            for (int i = 0; i < r.fieldNames().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Json.string(sb, r.fieldNames().get(i));
            }
            sb.append(snake ? "],\"field_values\":[" : "],\"fieldValues\":[");
            for (int i = 0; i < r.rows().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('[');
                List<Object> row = r.rows().get(i);
                for (int j = 0; j < row.size(); j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    Object v = row.get(j);
                    if (v instanceof Double d) {
                        Json.string(sb, num(d));
                    } else if (v instanceof Number n) {
                        Json.string(sb, n.toString());
                    } else {
                        Json.value(sb, v);
                    }
                }
                sb.append(']');
            }
            sb.append("]}");
        }
        return sb.append('}').toString();
    }

    /** A read over decoded parameters. Never throws for bad input. */
    MatchResult read(Map<String, String> params) {
        Integer returnCount = null;
        String rc = params.get("return_count");
        if (rc != null) {
            returnCount = parseCount(rc);
            if (returnCount == null) {
                return MatchResult.error(ERR_BAD_PARAM, "bad return_count \"" + rc + "\": need an integer >= 1");
            }
        }
        // multi-recall form: <recall>_list / <recall>_trigger_list, <recall>_return_count, <recall>_table
        LinkedHashMap<String, String> multi = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String k = e.getKey();
            if (k.equals("trigger_list") || !k.endsWith("_list")) {
                continue;
            }
            String recall = k.endsWith("_trigger_list") ? k.substring(0, k.length() - "_trigger_list".length())
                    : k.substring(0, k.length() - "_list".length());
            if (!recall.isEmpty()) {
                multi.putIfAbsent(recall, e.getValue());
            }
        }
        String service = params.getOrDefault("p", params.getOrDefault("s", ""));
        if (multi.isEmpty() || params.containsKey("trigger_list")) {
            if (service.isEmpty()) {
                return MatchResult.error(ERR_BAD_PARAM, "missing service name (p and s)");
            }
            String triggers = params.get("trigger_list");
            if (triggers == null || triggers.isEmpty()) {
                return MatchResult.error(ERR_BAD_PARAM, "missing trigger_list");
            }
            return single(service, triggers, returnCount == null ? 10 : returnCount);
        }
        return multiRead(multi, params, returnCount);
    }

    private static Integer parseCount(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            return n >= 1 && n <= 100_000 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One service's hits, or the error that stopped it. */
    private record Served(MatchResult error, List<Hit> hits, DetailTable detail) {
    }

    private MatchResult single(String service, String triggers, int count) {
        Served s = serve(service, triggers, count);
        if (s.error() != null) {
            return s.error();
        }
        return rows(s.hits(), s.detail() == null ? List.of() : List.of(s.detail()), false);
    }

    private Served serve(String service, String triggers, int count) {
        MatchConfig.Table t = confs.get(service);
        DetailTable detail = t == null || t.detailTable().isEmpty() ? null : details.get(t.detailTable());
        if (x2i.containsKey(service)) {
            List<String[]> parsed = new ArrayList<>();
            String problem = parseX2iTriggers(triggers, parsed);
            if (problem != null) {
                return new Served(MatchResult.error(ERR_BAD_PARAM, "bad trigger_list: " + problem), null, null);
            }
            return new Served(null, x2iHits(x2i.get(service), parsed, count, t.sumMerge(), detail), detail);
        }
        if (vectors.containsKey(service)) {
            VectorTable table = vectors.get(service);
            List<float[]> queries = new ArrayList<>();
            String problem = parseVectors(triggers, table.dimension(), queries);
            if (problem != null) {
                return new Served(MatchResult.error(ERR_BAD_PARAM, "bad trigger_list: " + problem), null, null);
            }
            return new Served(null, vectorHits(table, queries, count, detail), detail);
        }
        return new Served(MatchResult.error(ERR_NO_SERVICE, "biz not exist: no service named '" + service + "'"),
                null, null);
    }

    private MatchResult multiRead(LinkedHashMap<String, String> multi, Map<String, String> params, Integer returnCount) {
        List<Hit> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<DetailTable> detailTables = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, String> e : multi.entrySet()) {
            String recall = e.getKey();
            String table = params.getOrDefault(recall + "_table", recall);
            String rcText = params.get(recall + "_return_count");
            Integer count = rcText == null ? (returnCount == null ? 10 : returnCount) : parseCount(rcText);
            if (count == null) {
                return MatchResult.error(ERR_BAD_PARAM, "bad " + recall + "_return_count \"" + rcText + "\"");
            }
            total += count;
            if (e.getValue().isEmpty()) {
                continue;
            }
            Served s = serve(table, e.getValue(), count);
            if (s.error() != null) {
                return MatchResult.error(s.error().errorCode(), recall + ": " + s.error().errorMessage());
            }
            if (s.detail() != null && !detailTables.contains(s.detail())) {
                detailTables.add(s.detail());
            }
            for (Hit h : s.hits()) {
                if (seen.add(h.id)) {
                    all.add(h.withRecall(recall));
                }
            }
        }
        int cap = returnCount == null ? total : returnCount;
        List<Hit> kept = all.size() > cap ? all.subList(0, cap) : all;
        return rows(kept, detailTables, true);
    }

    /** A hit before formatting. */
    private record Hit(String id, double score, double raw, String triggerId, double triggerScore, int matchType,
                       String recall, DetailTable detail) {
        Hit withRecall(String r) {
            return new Hit(id, score, raw, triggerId, triggerScore, matchType, r, detail);
        }
    }

    /** Parses {@code key:weight,key2:weight} (a missing weight is 1). Returns a problem or null. */
    static String parseX2iTriggers(String text, List<String[]> out) {
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int colon = part.lastIndexOf(':');
            String key = colon < 0 ? part : part.substring(0, colon);
            String weight = colon < 0 ? "1" : part.substring(colon + 1);
            if (key.isEmpty()) {
                return "empty trigger key in \"" + part + "\"";
            }
            try {
                double w = Double.parseDouble(weight);
                if (!Double.isFinite(w)) {
                    return "weight of \"" + key + "\" is not finite";
                }
            } catch (NumberFormatException e) {
                return "weight \"" + weight + "\" of \"" + key + "\" is not a number";
            }
            out.add(new String[] {key, weight});
        }
        if (out.isEmpty()) {
            return "no trigger";
        }
        return null;
    }

    /** Parses vectors: {@code ,} between dimensions, {@code ;} between vectors. Returns a problem or null. */
    static String parseVectors(String text, int dimension, List<float[]> out) {
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] dims = part.split(",");
            if (dims.length != dimension) {
                return "vector " + (out.size() + 1) + " has " + dims.length + " dimensions, the service has " + dimension;
            }
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                try {
                    v[i] = Float.parseFloat(dims[i].trim());
                } catch (NumberFormatException e) {
                    return "\"" + dims[i] + "\" is not a number";
                }
                if (!Float.isFinite(v[i])) {
                    return "\"" + dims[i] + "\" is not finite";
                }
            }
            out.add(v);
        }
        return out.isEmpty() ? "no vector" : null;
    }

    private List<Hit> x2iHits(X2iTable table, List<String[]> triggers, int count, boolean sum, DetailTable detail) {
        LinkedHashMap<String, Hit> merged = new LinkedHashMap<>();
        for (String[] t : triggers) {
            double w = Double.parseDouble(t[1]);
            int taken = 0;
            for (X2iTable.Entry e : table.get(t[0])) {
                if (detail != null && !detail.contains(e.item())) {
                    continue; // deleted from (or never in) the detail table
                }
                double s = e.score() * w;
                Hit old = merged.get(e.item());
                if (old == null) {
                    merged.put(e.item(), new Hit(e.item(), s, e.score(), t[0], w, 1, null, detail));
                } else if (sum) {
                    merged.put(e.item(), new Hit(e.item(), old.score + s, old.raw, old.triggerId, old.triggerScore, 1, null,
                            detail));
                } else if (s > old.score) {
                    merged.put(e.item(), new Hit(e.item(), s, e.score(), t[0], w, 1, null, detail));
                }
                if (!sum && ++taken >= count) {
                    break;
                }
            }
        }
        List<Hit> hits = new ArrayList<>(merged.values());
        hits.sort((a, b) -> Double.compare(b.score, a.score)); // stable: ties keep trigger order
        List<Hit> out = hits.size() > count ? new ArrayList<>(hits.subList(0, count)) : hits;
        return out;
    }

    private List<Hit> vectorHits(VectorTable table, List<float[]> queries, int count, DetailTable detail) {
        LinkedHashMap<String, Hit> merged = new LinkedHashMap<>();
        for (int q = 0; q < queries.size(); q++) {
            // ask for more when the detail join drops hits
            int k = count;
            List<VectorTable.Hit> usable;
            while (true) {
                List<VectorTable.Hit> hits = table.search(queries.get(q), k);
                usable = new ArrayList<>(hits.size());
                for (VectorTable.Hit h : hits) {
                    if (detail == null || detail.contains(h.id())) {
                        usable.add(h);
                    }
                }
                if (usable.size() >= count || hits.size() < k || k >= table.size()) {
                    break;
                }
                k = Math.min(table.size(), k * 2);
            }
            for (VectorTable.Hit h : usable) {
                Hit old = merged.get(h.id());
                if (old == null || h.similarity() > old.score) {
                    merged.put(h.id(), new Hit(h.id(), h.similarity(), h.raw(), Integer.toString(q), 1.0, 2, null, detail));
                }
            }
        }
        List<Hit> hits = new ArrayList<>(merged.values());
        hits.sort((a, b) -> Double.compare(b.score, a.score));
        List<Hit> out = hits.size() > count ? new ArrayList<>(hits.subList(0, count)) : hits;
        return out;
    }

    /**
     * The reply rows: {@code __score__}, the detail fields (primary key excepted), {@code id},
     * {@code match_type}, {@code score}, {@code trigger_id}, {@code trigger_score}[, {@code recall_name}].
     */
    private MatchResult rows(List<Hit> hits, List<DetailTable> detailTables, boolean withRecall) {
        List<String> names = new ArrayList<>();
        names.add(MatchResult.SCORE);
        LinkedHashSet<String> detailFields = new LinkedHashSet<>();
        for (DetailTable d : detailTables) {
            for (String f : d.fields()) {
                if (!f.equals(d.primaryKey())) {
                    detailFields.add(f);
                }
            }
        }
        List<String> standard = List.of("id", "match_type", "score", "trigger_id", "trigger_score");
        detailFields.removeAll(standard);
        detailFields.remove("recall_name");
        names.addAll(detailFields);
        names.addAll(standard);
        if (withRecall) {
            names.add("recall_name");
        }
        List<List<Object>> rows = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            List<Object> row = new ArrayList<>(names.size());
            // numbers stay numbers in process (no text round trip); toJson prints them as the seed does
            row.add(h.score);
            Map<String, String> d = h.detail == null ? null : h.detail.get(h.id);
            for (String f : detailFields) {
                String v = d == null ? null : d.get(f);
                row.add(v == null ? "" : v);
            }
            row.add(h.id);
            row.add(h.matchType);
            row.add(h.raw);
            row.add(h.triggerId);
            row.add(h.triggerScore);
            if (withRecall) {
                row.add(h.recall == null ? "" : h.recall);
            }
            rows.add(row);
        }
        return MatchResult.success(names, rows);
    }

    /** Plain decimal text, as the AIME documentation shows ({@code 1.0}, {@code 0.000009883646271191537}). */
    static String num(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        String s = Double.toString(d);
        if (s.indexOf('E') < 0) {
            return s;
        }
        String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    // ---------------------------------------------------------------- /sendmsg

    /** {@code /sendmsg}: the raw query string, a form body (may be empty) and the Authorization header. */
    public ApiResponse sendmsg(String rawQuery, byte[] formBody, String authorization) {
        if (!authorized(authorization)) {
            return writeError(401, "unauthorized");
        }
        Map<String, String> params;
        try {
            params = QueryStrings.parse(rawQuery, true);
            if (formBody != null && formBody.length > 0) {
                params.putAll(QueryStrings.parse(new String(formBody, StandardCharsets.ISO_8859_1), true));
            }
        } catch (IllegalArgumentException e) {
            return writeError(400, "malformed request: " + e.getMessage());
        }
        String problem;
        try {
            problem = write(params.get("table"), params.get("msg"));
        } catch (RuntimeException e) {
            LOG.error("/sendmsg failed", e);
            problem = "internal error: " + e;
        }
        if (problem != null) {
            LOG.debug("/sendmsg refused: {}", problem);
            return writeError(400, problem);
        }
        return new ApiResponse(200, 200, utf8("{\"success\":true,\"errno\":0}"));
    }

    private static ApiResponse writeError(int status, String message) {
        StringBuilder sb = new StringBuilder("{\"errno\":1,\"errmsg\":");
        Json.string(sb, message);
        return new ApiResponse(status, status, utf8(sb.append('}').toString()));
    }

    /** Applies one message; returns the reason it was refused, or null. */
    String write(String tableName, String msg) {
        if (tableName == null || tableName.isEmpty()) {
            return "missing table";
        }
        MatchConfig.Table t = confs.get(tableName);
        if (t == null) {
            // BE names tables <instance>_<table>
            for (String name : confs.keySet()) {
                if (tableName.endsWith("_" + name)) {
                    t = confs.get(name);
                    break;
                }
            }
        }
        if (t == null) {
            return "unknown table '" + tableName + "'; tables: " + new TreeSet<>(confs.keySet());
        }
        if (msg == null || msg.isEmpty()) {
            return "missing msg";
        }
        LinkedHashMap<String, String> kv = new LinkedHashMap<>();
        String problem = parseMessage(msg, kv);
        if (problem != null) {
            return "malformed msg: " + problem;
        }
        String cmd = kv.remove("CMD");
        boolean add = "add".equalsIgnoreCase(cmd);
        if (!add && !"delete".equalsIgnoreCase(cmd)) {
            return "malformed msg: the first pair must be CMD=add or CMD=delete";
        }
        switch (t.kind()) {
            case DETAIL -> {
                DetailTable d = details.get(t.name());
                String key = kv.get(d.primaryKey());
                if (key == null || key.isEmpty()) {
                    return "missing primary key field '" + d.primaryKey() + "'";
                }
                if (add) {
                    String missing = d.checkComplete(kv);
                    if (missing != null) {
                        return missing;
                    }
                    d.put(kv);
                } else {
                    d.delete(key);
                }
            }
            case X2I -> {
                X2iTable x = x2i.get(t.name());
                String trigger = kv.get(t.triggerField());
                if (trigger == null || trigger.isEmpty()) {
                    return "missing field '" + t.triggerField() + "'";
                }
                String item = kv.get(t.itemField());
                if (add) {
                    if (item == null || item.isEmpty()) {
                        return "missing field '" + t.itemField() + "'";
                    }
                    String score = kv.getOrDefault(t.scoreField(), "1");
                    double s;
                    try {
                        s = Double.parseDouble(score);
                    } catch (NumberFormatException e) {
                        return "field '" + t.scoreField() + "' is not a number: \"" + score + "\"";
                    }
                    if (!Double.isFinite(s)) {
                        return "field '" + t.scoreField() + "' is not finite";
                    }
                    x.add(trigger, item, s);
                } else {
                    x.delete(trigger, item == null || item.isEmpty() ? null : item);
                }
            }
            case VECTOR -> {
                VectorTable v = vectors.get(t.name());
                String id = kv.get(t.keyField());
                if (id == null || id.isEmpty()) {
                    return "missing field '" + t.keyField() + "'";
                }
                if (add) {
                    String text = kv.get(t.vectorField());
                    if (text == null) {
                        return "missing field '" + t.vectorField() + "'";
                    }
                    float[] vec;
                    try {
                        vec = DataFiles.parseVector(text);
                    } catch (NumberFormatException e) {
                        return "field '" + t.vectorField() + "': " + e.getMessage();
                    }
                    if (vec.length != v.dimension()) {
                        return "field '" + t.vectorField() + "' has " + vec.length + " dimensions, table has "
                                + v.dimension();
                    }
                    v.add(id, vec);
                } else {
                    v.delete(id);
                }
            }
            default -> throw new IllegalStateException();
        }
        return null;
    }

    /**
     * Parses {@code k=v<US><LF>k=v<US><LF>...} (the final separator may be missing). Returns a problem or
     * null.
     */
    static String parseMessage(String msg, Map<String, String> out) {
        int start = 0;
        boolean first = true;
        while (start < msg.length()) {
            int end = msg.indexOf(SEP, start);
            String pair = end < 0 ? msg.substring(start) : msg.substring(start, end);
            start = end < 0 ? msg.length() : end + SEP.length();
            if (pair.isEmpty()) {
                return "empty pair";
            }
            if (pair.indexOf('\u001F') >= 0) {
                return "stray 0x1F in \"" + pair.replace('\u001F', '?') + "\"";
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return "\"" + pair + "\" is not key=value";
            }
            String k = pair.substring(0, eq);
            if (first && !k.equals("CMD")) {
                return "the first pair must be CMD=add or CMD=delete";
            }
            first = false;
            if (out.putIfAbsent(k, pair.substring(eq + 1)) != null) {
                return "duplicate field '" + k + "'";
            }
        }
        return first ? "empty message" : null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }

    /** The in-process API. */
    private final class Engine implements MatchEngine {
        @Override
        public MatchResult read(MatchQuery query) {
            try {
                return MatchService.this.read(query.params());
            } catch (RuntimeException e) {
                LOG.error("match read failed", e);
                return MatchResult.error(ERR_INTERNAL, "internal error: " + e);
            }
        }

        @Override
        public Map<String, Map<String, String>> lookup(String table, Collection<String> keys) {
            DetailTable d = details.get(table);
            if (d == null) {
                throw new IllegalArgumentException("no detail table '" + table + "'; detail tables: " + details.keySet());
            }
            return d.lookup(keys);
        }

        @Override
        public Set<String> detailTables() {
            return Set.copyOf(details.keySet());
        }

        @Override
        public String toString() {
            return "MatchEngine" + describe();
        }
    }
}
