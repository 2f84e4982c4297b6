package io.recengine.core.match;

import io.recengine.core.collect.IdPositions;
import io.recengine.spi.match.MatchResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads ({@code /be}): trigger lists scored against the x2i and vector services, joined with the detail
 * tables, as {@link MatchResult} rows. Parameters are decoded query parameters ({@code p}/{@code s},
 * {@code trigger_list}, {@code return_count}, the multi-recall {@code <recall>_list} form). Thread-safe.
 */
final class MatchReads {

    /** {@code errorCode} of a read naming no service (as the BE SDK fixtures: "biz not exist."). */
    static final int ERR_NO_SERVICE = MatchService.ERR_NO_SERVICE;
    /** {@code errorCode} of a malformed read parameter. */
    static final int ERR_BAD_PARAM = MatchService.ERR_BAD_PARAM;

    private final Map<String, MatchConfig.Table> confs;
    private final Map<String, DetailTable> details;
    private final Map<String, X2iTable> x2i;
    private final Map<String, VectorTable> vectors;

    MatchReads(MatchTables tables) {
        this.confs = tables.confs;
        this.details = tables.details;
        this.x2i = tables.x2i;
        this.vectors = tables.vectors;
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
            // boxed on every branch: a mixed int/Integer conditional would unbox a refused count (null)
            Integer count = rcText != null ? parseCount(rcText) : returnCount != null ? returnCount : Integer.valueOf(10);
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
        // merged in first-seen order (ties of the stable sort below keep it), found by id without a node per hit
        List<Hit> hits = new ArrayList<>();
        IdPositions merged = new IdPositions(Math.min(count * 2, 4096));
        for (String[] t : triggers) {
            double w = Double.parseDouble(t[1]);
            int taken = 0;
            for (X2iTable.Entry e : table.get(t[0])) {
                if (detail != null && !detail.contains(e.item())) {
                    continue; // deleted from (or never in) the detail table
                }
                double s = e.score() * w;
                int at = merged.putIfAbsent(e.item(), hits.size());
                if (at < 0) {
                    hits.add(new Hit(e.item(), s, e.score(), t[0], w, 1, null, detail));
                } else {
                    Hit old = hits.get(at);
                    if (sum) {
                        hits.set(at, new Hit(e.item(), old.score + s, old.raw, old.triggerId, old.triggerScore, 1, null,
                                detail));
                    } else if (s > old.score) {
                        hits.set(at, new Hit(e.item(), s, e.score(), t[0], w, 1, null, detail));
                    }
                }
                if (!sum && ++taken >= count) {
                    break;
                }
            }
        }
        hits.sort((a, b) -> Double.compare(b.score, a.score)); // stable: ties keep trigger order
        return hits.size() > count ? new ArrayList<>(hits.subList(0, count)) : hits;
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
            if (queries.size() == 1) {
                // one query: its hits are distinct ids, best first, so there is nothing to merge or sort
                List<Hit> out = new ArrayList<>(Math.min(count, usable.size()));
                for (int i = 0; i < usable.size() && out.size() < count; i++) {
                    VectorTable.Hit h = usable.get(i);
                    out.add(new Hit(h.id(), h.similarity(), h.raw(), "0", 1.0, 2, null, detail));
                }
                return out;
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
        // held by column and handed over: no array per row, and the scores stay primitive until read
        String[] detailNames = detailFields.toArray(new String[0]);
        int n = hits.size();
        double[] finalScores = new double[n];
        Object[][] details = new Object[detailNames.length][n];
        Object[] ids = new Object[n];
        Object[] matchTypes = new Object[n];
        double[] raws = new double[n];
        Object[] triggerIds = new Object[n];
        double[] triggerScores = new double[n];
        Object[] recalls = withRecall ? new Object[n] : null;
        for (int r = 0; r < n; r++) {
            Hit h = hits.get(r);
            finalScores[r] = h.score;
            Map<String, String> d = h.detail == null ? null : h.detail.get(h.id);
            for (int f = 0; f < detailNames.length; f++) {
                String v = d == null ? null : d.get(detailNames[f]);
                details[f][r] = v == null ? "" : v;
            }
            ids[r] = h.id;
            matchTypes[r] = h.matchType;
            raws[r] = h.raw;
            triggerIds[r] = h.triggerId;
            triggerScores[r] = h.triggerScore;
            if (withRecall) {
                recalls[r] = h.recall == null ? "" : h.recall;
            }
        }
        Object[] columns = new Object[names.size()];
        int c = 0;
        columns[c++] = finalScores;
        for (Object[] detail : details) {
            columns[c++] = detail;
        }
        columns[c++] = ids;
        columns[c++] = matchTypes;
        columns[c++] = raws;
        columns[c++] = triggerIds;
        columns[c++] = triggerScores;
        if (withRecall) {
            columns[c] = recalls;
        }
        return MatchResult.successColumns(names, columns, n);
    }

}
