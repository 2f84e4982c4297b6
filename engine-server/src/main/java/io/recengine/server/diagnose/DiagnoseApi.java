package io.recengine.server.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recengine.core.RecEngine;
import io.recengine.core.request.Diagnosis;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.server.wire.FeedRequestParser;
import io.recengine.server.wire.InputLimits;
import io.recengine.server.wire.RequestException;
import io.recengine.server.wire.ResponseWriter;
import io.recengine.server.wire.WireResponse;
import io.recengine.spi.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The diagnostic page's JSON API (documented in {@code docs/diagnose.md}), without HTTP: what the page
 * offers ({@link #meta}), the recent requests of a scene ({@link #recent}) and a traced run of a feed
 * request ({@link #trace}). A body the feed route would refuse gets the same PAI-Rec envelope with code
 * 400 and the same message. Never throws. Thread-safe.
 */
public final class DiagnoseApi {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnoseApi.class);
    /** Feature values are whatever the DAOs loaded: an odd type is written as text, never a failed answer. */
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final RecEngine engine;
    private final InputLimits limits;
    private final RecentRequests recent;

    public DiagnoseApi(RecEngine engine, InputLimits limits, RecentRequests recent) {
        this.engine = engine;
        this.limits = limits;
        this.recent = recent;
    }

    /** {@code GET api/meta}: scenes with their categories, the item tables to join, the replay ring's size. */
    public WireResponse meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenes", engine.sceneCategories());
        m.put("item_tables", itemTables());
        m.put("recent_requests", recent.perScene());
        return ok(m);
    }

    /** {@code GET api/recent?scene=}: the scene's kept request bodies, newest first. */
    public WireResponse recent(String scene) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scene_id", scene == null ? "" : scene);
        m.put("enabled", recent.enabled());
        m.put("requests", scene == null ? List.of() : recent.recent(scene));
        return ok(m);
    }

    /**
     * {@code POST api/trace?table=}: runs the feed request in {@code body} with a full trace. The answer
     * holds {@code response} (exactly what {@code /api/rec/feed} would have answered), {@code items} (the
     * final list with positions and the joined {@code details} of {@code table}), {@code rank_score},
     * {@code trace} and {@code logs}.
     */
    public WireResponse trace(byte[] body, String table) {
        FeedRequest req;
        try {
            req = FeedRequestParser.parse(body, limits);
        } catch (RequestException e) {
            String rid = e.requestId().isEmpty() ? FeedRequestParser.requestIdOf(body, limits) : e.requestId();
            return new WireResponse(200, 400, ResponseWriter.envelope(400, e.getMessage(), rid));
        } catch (RuntimeException e) {
            LOG.error("diagnose request body could not be decoded", e);
            return new WireResponse(200, 400, ResponseWriter.envelope(400, "read parammeter error", ""));
        }
        try {
            Diagnosis d = engine.diagnose(req);
            FeedResult r = d.result();
            if (r.code() == FeedResult.ENGINE_ERROR) {
                return new WireResponse(500, 500, ResponseWriter.envelope(500, "server error", r.requestId()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.code());
            m.put("msg", r.msg());
            m.put("request_id", r.requestId());
            m.put("scene_id", req.sceneId());
            m.put("category", req.category());
            m.put("uid", req.uid());
            m.put("size", req.size());
            m.put("experiment_id", r.experimentId());
            m.put("item_table", table == null ? "" : table);
            m.put("items", items(r, table));
            m.put("rank_score", d.rankScore());
            m.put("trace", d.trace());
            m.put("logs", r.logs());
            JsonNode response = JSON.readTree(ResponseWriter.feed(r));
            m.put("response", response);
            return ok(m);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("diagnose request {} failed", req.requestId(), e);
            return new WireResponse(500, 500, ResponseWriter.envelope(500, "server error", req.requestId()));
        }
    }

    private List<Map<String, Object>> items(FeedResult r, String table) {
        Map<String, Map<String, String>> details = details(r.items(), table);
        List<Map<String, Object>> out = new ArrayList<>(r.items().size());
        for (int p = 0; p < r.items().size(); p++) {
            Item i = r.items().get(p);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", p + 1);
            row.put("item_id", i.id());
            row.put("score", i.score());
            row.put("retrieve_id", i.retrieveId());
            row.put("experiment_id", r.experimentId());
            row.put("details", details.getOrDefault(i.id(), Map.of()));
            out.add(row);
        }
        return out;
    }

    /** The rows of {@code table} for the items; empty without a table or for a table that is not there. */
    private Map<String, Map<String, String>> details(List<Item> items, String table) {
        if (table == null || table.isEmpty() || !itemTables().contains(table)) {
            return Map.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        items.forEach(i -> ids.add(i.id()));
        return engine.match().engine().lookup(table, ids);
    }

    private List<String> itemTables() {
        return engine.match().engine().detailTables().stream().sorted().toList();
    }

    private static WireResponse ok(Map<String, Object> m) {
        try {
            return new WireResponse(200, 200, JSON.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            LOG.error("diagnose answer could not be written", e);
            return new WireResponse(500, 500, ResponseWriter.envelope(500, "server error", ""));
        }
    }
}
