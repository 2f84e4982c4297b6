package io.recengine.tools.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.request.FeedRequest;
import io.recengine.server.wire.FeedRequestParser;
import io.recengine.server.wire.RequestException;
import io.recengine.server.wire.ResponseWriter;
import io.recengine.spi.Item;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's reference routes, served beside the engine by the same process (same JVM, same
 * pinning), only when started with {@code -Drecengine.bench.data=<quickstart data dir>}:
 * {@code POST /bench/floor} parses the feed body and answers a fixed 10-item response (the cost of
 * HTTP, the executor hop and the codec); {@code POST /bench/naive} answers with
 * {@link NaivePipeline}, the obvious implementation of the benchmark scene (the golden answers).
 * Lives in the tools jar (engine-server plus these routes), never in the production server.
 */
@Controller("/bench")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "recengine.bench.data")
final class BenchController {

    private static final List<Item> FIXED = fixed();

    private final NaivePipeline naive;

    BenchController(@Value("${recengine.bench.data}") String dataDir) {
        this.naive = new NaivePipeline(Path.of(dataDir));
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

    @Post(uri = "/naive", consumes = MediaType.ALL, produces = MediaType.ALL)
    MutableHttpResponse<byte[]> naive(@Nullable @Body byte[] body) {
        try {
            FeedRequest req = FeedRequestParser.parse(body);
            List<Item> items = new ArrayList<>();
            for (Map<String, Object> m : naive.recommend(req.uid(), req.size())) {
                items.add(new Item((String) m.get("item_id"), (String) m.get("retrieve_id"), (Double) m.get("score")));
            }
            int code = items.size() >= req.size() ? 200 : 299;
            return json(200, ResponseWriter.feed(code, code == 200 ? "success" : "items size not enough",
                    req.requestId(), "", items, List.of(), false, List.of()));
        } catch (RequestException e) {
            return json(200, ResponseWriter.envelope(400, e.getMessage(), e.requestId()));
        }
    }

    /** A JSON answer as the engine's API controller gives it (PAI-Rec answers errors with HTTP 200 too). */
    private static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>ok().status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
