package io.recengine.tools.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.core.match.VectorTable;
import io.recengine.core.request.FeedRequest;
import io.recengine.server.wire.FeedRequestParser;
import io.recengine.server.wire.RequestException;
import io.recengine.server.wire.ResponseWriter;
import io.recengine.spi.Item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's reference routes, served beside the engine by the same process (same JVM, same
 * pinning), only when started with {@code -Drecengine.bench.data=<quickstart data dir>}:
 * {@code POST /bench/floor} parses the feed body and answers a fixed 10-item response (the cost of
 * HTTP, the executor hop and the codec); {@code POST /bench/naive} answers with
 * {@link NaivePipeline}, the obvious implementation of the benchmark scene (the golden answers);
 * {@code POST /bench/naive?vectors=engine} the same with the vector recall's candidates taken from the
 * engine's own index and {@code POST /bench/vector-recall} how many of the exact top-K that index
 * returns (the golden check of a catalogue served by HNSW); {@code GET /bench/status} the JVM's
 * allocated bytes and the naive route's counters (the harness's allocation per request) and the
 * vector index, optionally after waiting for its background build ({@code ?await=true}).
 * Lives in the tools jar (engine-server plus these routes), never in the production server.
 */
@Controller("/bench")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "recengine.bench.data")
final class BenchController {

    private static final List<Item> FIXED = fixed();
    /** The benchmark scene's vector table (bench/*-bench.json). */
    static final String VECTOR_TABLE = "item_vec";
    // a first HNSW build of the large scenario's 200,000 vectors on one loaded core takes many minutes
    private static final long INDEX_BUILD_LIMIT_MS = 1_800_000;

    private final NaivePipeline naive;
    private final RecEngine engine;
    private final ObjectMapper json = new ObjectMapper();
    // HotSpot's counter of every byte any thread allocated (terminated threads included)
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // the process's user + system CPU time (all threads, the JIT compiler and GC threads included): the
    // harness's CPU per request, comparable between runs on a machine other processes load
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    BenchController(@Value("${recengine.bench.data}") String dataDir, RecEngine engine) {
        this.naive = new NaivePipeline(Path.of(dataDir));
        this.engine = engine;
    }

    private static List<Item> fixed() {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new Item(Integer.toString(1000 + i), "floor", 1.0 - i * 0.01));
        }
        return List.copyOf(out);
    }

    @Post(uri = "/floor", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> floor(@Nullable @Body byte[] body) {
        try {
            FeedRequest req = FeedRequestParser.parse(body);
            return json(200, ResponseWriter.feed(200, "success", req.requestId(), "", FIXED, List.of(),
                    false, List.of()));
        } catch (RequestException e) {
            return json(200, ResponseWriter.envelope(400, e.getMessage(), e.requestId()));
        }
    }

    /** {@code vectors=engine}: the vector recall's candidates from the engine's index (re-scored by the naive code). */
    @Post(uri = "/naive", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> naive(@Nullable @Body byte[] body, @Nullable @QueryValue String vectors) {
        try {
            FeedRequest req = FeedRequestParser.parse(body);
            NaivePipeline.VectorCandidates candidates;
            if (vectors == null || vectors.equals("exact")) {
                candidates = null;
            } else if (vectors.equals("engine")) {
                VectorTable table = vectorTable();
                candidates = (q, k) -> table.search(q, k).stream().map(VectorTable.Hit::id).toList();
            } else {
                return json(200, ResponseWriter.envelope(400, "unknown vectors '" + vectors + "'. Known: [exact, engine]",
                        req.requestId()));
            }
            List<Item> items = new ArrayList<>();
            for (Map<String, Object> m : naive.recommend(req.uid(), req.size(), candidates)) {
                items.add(new Item((String) m.get("item_id"), (String) m.get("retrieve_id"), (Double) m.get("score")));
            }
            int code = items.size() >= req.size() ? 200 : 299;
            return json(200, ResponseWriter.feed(code, code == 200 ? "success" : "items size not enough",
                    req.requestId(), "", items, List.of(), false, List.of()));
        } catch (RequestException e) {
            return json(200, ResponseWriter.envelope(400, e.getMessage(), e.requestId()));
        }
    }

    /**
     * For the feed body's user: {@code k} (the vector recall's count), {@code hits} (how many of the
     * exact top-k the engine's index returns for the user's embedding) and the index's description.
     */
    @Post(uri = "/vector-recall", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> vectorRecall(@Nullable @Body byte[] body) throws JsonProcessingException {
        try {
            FeedRequest req = FeedRequestParser.parse(body);
            float[] q = naive.userEmbedding(req.uid());
            Map<String, Object> out = new LinkedHashMap<>();
            int k = NaivePipeline.VECTOR_COUNT;
            out.put("k", q == null ? 0 : k);
            int hits = 0;
            if (q != null) {
                Set<String> exact = new HashSet<>(naive.exactVectorIds(q, k));
                for (VectorTable.Hit h : vectorTable().search(q, k)) {
                    hits += exact.contains(h.id()) ? 1 : 0;
                }
            }
            out.put("hits", hits);
            out.put("index", vectorTable().indexDescription());
            return json(200, json.writeValueAsBytes(out));
        } catch (RequestException e) {
            return json(200, ResponseWriter.envelope(400, e.getMessage(), e.requestId()));
        }
    }

    /**
     * {@code allocatedBytes} (every thread, since start), {@code cpuNanos} (the process's user + system CPU
     * time since start, -1 where the platform does not tell), the naive route's {@code naiveRequests} and
     * {@code naiveCandidates} (after the unique filter), and the vector table's size and index; with
     * {@code await=true} first waits for a running index build to finish.
     */
    @Get(uri = "/status", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<byte[]> status(@Nullable @QueryValue Boolean await) throws Exception {
        VectorTable table = vectorTable();
        boolean idle = !Boolean.TRUE.equals(await) || table.awaitIdle(INDEX_BUILD_LIMIT_MS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allocatedBytes", threads.getTotalThreadAllocatedBytes());
        out.put("cpuNanos", os.getProcessCpuTime());
        out.put("naiveRequests", naive.served());
        out.put("naiveCandidates", naive.candidatesServed());
        out.put("vectors", table.size());
        out.put("index", table.indexDescription());
        out.put("indexIdle", idle);
        return json(200, json.writeValueAsBytes(out));
    }

    private VectorTable vectorTable() {
        VectorTable table = engine.match().vectorTable(VECTOR_TABLE);
        if (table == null) {
            throw new IllegalStateException("the bench config has no vector table '" + VECTOR_TABLE + "'");
        }
        return table;
    }

    /** A JSON answer as the engine's API controller gives it (PAI-Rec answers errors with HTTP 200 too). */
    private static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>ok().status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
