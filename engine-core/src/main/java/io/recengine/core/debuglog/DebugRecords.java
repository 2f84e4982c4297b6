package io.recengine.core.debuglog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recengine.spi.Item;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of PAI-Rec's debug log ({@code service/debug/debug_service.go}, {@code DebugService}'s
 * {@code doWrite*Log} functions): per stage, one record per retrieve id with the keys {@code request_id},
 * {@code module}, {@code scene_id}, {@code exp_id} (when the request has an experiment),
 * {@code request_time} (Unix seconds), {@code uid}, {@code retrieveid} and {@code items}, the items of that
 * retrieve id as comma-separated {@code id:score...} in list order:
 * <ul>
 *   <li>{@code recall}: {@code id:score:trigger_id};</li>
 *   <li>{@code filter}: {@code id:score};</li>
 *   <li>{@code general_rank}, {@code rank}, {@code sort}: {@code id:score:<algo scores as JSON>}, {@code null}
 *       for an item without algo scores;</li>
 *   <li>{@code recommend}: the same with {@code {}} for an item without algo scores.</li>
 * </ul>
 * Scores are Go's shortest decimal without exponent ({@code strconv.FormatFloat(f, 'f', -1, 64)}); the
 * record keys are in Go's map order (sorted). PAI-Rec walks the retrieve ids in Go's random map order; here
 * they come in first-seen order.
 */
public final class DebugRecords {

    /** The stages, named as PAI-Rec's {@code module} values. */
    public enum Module {
        RECALL("recall"), FILTER("filter"), GENERAL_RANK("general_rank"), RANK("rank"), SORT("sort"),
        RECOMMEND("recommend");

        private final String text;

        Module(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** What a record needs of an item, copied at the stage (items change later in the request). */
    record Snapshot(String id, String retrieveId, double score, String trigger, Map<String, Double> algoScores) {

        static Snapshot of(Item item, Module module) {
            String rid = item.retrieveId() == null ? "" : item.retrieveId();
            if (module == Module.RECALL) {
                String trigger = item.stringProperty("trigger_id");
                return new Snapshot(item.id(), rid, item.score(), trigger == null ? "" : trigger, null);
            }
            if (module == Module.FILTER) {
                return new Snapshot(item.id(), rid, item.score(), null, null);
            }
            Map<String, Double> scores = item.algoScores();
            return new Snapshot(item.id(), rid, item.score(), null, scores.isEmpty() ? null : new TreeMap<>(scores));
        }
    }

    /** The request's part of every record. */
    record Head(String requestId, String sceneId, String expId, long requestTime, String uid) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private DebugRecords() {
    }

    static List<Snapshot> snapshot(List<Item> items, Module module) {
        List<Snapshot> out = new ArrayList<>(items.size());
        for (Item item : items) {
            out.add(Snapshot.of(item, module));
        }
        return out;
    }

    /** The records of one stage: one per retrieve id, in first-seen order; none for no items. */
    static List<Map<String, Object>> records(Head head, Module module, List<Snapshot> items) {
        Map<String, StringBuilder> byRetrieveId = new LinkedHashMap<>();
        for (Snapshot s : items) {
            StringBuilder sb = byRetrieveId.computeIfAbsent(s.retrieveId(), k -> new StringBuilder());
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s.id()).append(':').append(goFloat(s.score()));
            switch (module) {
                case RECALL -> sb.append(':').append(s.trigger());
                case FILTER -> {
                }
                case RECOMMEND -> sb.append(':').append(s.algoScores() == null ? "{}" : algoJson(s.algoScores()));
                default -> sb.append(':').append(s.algoScores() == null ? "null" : algoJson(s.algoScores()));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(byRetrieveId.size());
        for (Map.Entry<String, StringBuilder> e : byRetrieveId.entrySet()) {
            Map<String, Object> r = new TreeMap<>();
            r.put("request_id", head.requestId());
            r.put("module", module.text());
            r.put("scene_id", head.sceneId());
            if (!head.expId().isEmpty()) {
                r.put("exp_id", head.expId());
            }
            r.put("request_time", head.requestTime());
            r.put("uid", head.uid());
            r.put("retrieveid", e.getKey());
            r.put("items", e.getValue().toString());
            out.add(r);
        }
        return out;
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal, never an exponent. */
    static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /**
     * Go's {@code encoding/json} number: the 'f' form, or the exponent form ({@code 1e-7}, {@code 1e+21})
     * below 1e-6 and from 1e21 on.
     */
    static String goJsonFloat(double v) {
        double a = Math.abs(v);
        if (a == 0 || (a >= 1e-6 && a < 1e21) || Double.isNaN(v) || Double.isInfinite(v)) {
            return goFloat(v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
    }

    /** The algo scores as Go marshals a {@code map[string]float64}: keys sorted, Go's number form. */
    static String algoJson(Map<String, Double> scores) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Double> e : scores.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeNumber(goJsonFloat(e.getValue()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
