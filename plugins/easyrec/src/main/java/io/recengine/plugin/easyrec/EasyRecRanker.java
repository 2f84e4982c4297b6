package io.recengine.plugin.easyrec;

import com.google.protobuf.InvalidProtocolBufferException;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBResponse;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code AlgoConfs[]} with {@code Type "EAS"} and {@code EasConf.Processor "EasyRec"}: posts the batch
 * as a {@code PBRequest} to {@code EasConf.Url} and reads the {@code PBResponse} with
 * {@code EasConf.ResponseFuncName}. PAI-Rec's client behaviour: header {@code Authorization: <Auth>}
 * (raw token, only when set), {@code Timeout} ms per attempt (default 100), {@code RetryTimes} attempts
 * (default 2) on I/O errors, timeouts and non-200 answers. One keep-alive JDK HTTP/1.1 client per algo.
 */
public final class EasyRecRanker implements Ranker {

    private static final Logger LOG = LoggerFactory.getLogger(EasyRecRanker.class);

    private final String name;
    private final URI uri;
    private final String auth;
    private final Duration timeout;
    private final int attempts;
    private final String function;
    private final HttpClient client;
    private final PluginMetrics metrics;

    EasyRecRanker(String name, URI uri, String auth, int timeoutMs, int attempts, String function, PluginMetrics metrics) {
        this.name = name;
        this.uri = uri;
        this.auth = auth;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.attempts = attempts;
        this.function = function;
        this.metrics = metrics;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.max(timeoutMs, 100))).build();
    }

    public String function() {
        return function;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        List<String> ids = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            ids.add(item.id());
        }
        byte[] body = PBRequests.build(request).toByteArray();
        long t0 = System.nanoTime();
        PBResponse resp = post(body);
        metrics.recordNanos("easyrec.request", System.nanoTime() - t0, "algo", name);
        return PBResponses.parse(function, name, ids, resp);
    }

    private PBResponse post(byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!auth.isEmpty()) {
            rb.header("Authorization", auth);
        }
        HttpRequest req = rb.build();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    String text = new String(r.body(), StandardCharsets.UTF_8);
                    last = new ComponentException(name, ComponentException.Kind.DEPENDENCY, "EAS answered HTTP "
                            + r.statusCode() + ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
                    continue;
                }
                try {
                    return PBResponse.parseFrom(r.body());
                } catch (InvalidProtocolBufferException e) {
                    throw new ComponentException(name, ComponentException.Kind.DEPENDENCY,
                            "EAS answer is not a PBResponse (" + r.body().length + " bytes): " + e.getMessage(), e);
                }
            } catch (HttpTimeoutException e) {
                last = new ComponentException(name, ComponentException.Kind.TIMEOUT,
                        "no EAS answer within " + timeout.toMillis() + " ms", e);
            } catch (IOException e) {
                last = new ComponentException(name, ComponentException.Kind.DEPENDENCY, "EAS request failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentException(name, ComponentException.Kind.TIMEOUT, "interrupted", e);
            }
            if (attempt < attempts) {
                LOG.debug("algo {}: attempt {} of {} failed: {}", name, attempt, attempts, last.getMessage());
            }
        }
        throw last;
    }

    /** Builds {@link EasyRecRanker}s for {@code EasConf.Processor = "EasyRec"}. */
    public static final class Factory implements RankerFactory {

        @Override
        public String type() {
            return "EasyRec";
        }

        @Override
        public Set<String> secretKeys() {
            return Set.of("Auth");
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            List<ConfigException> problems = new ArrayList<>();
            try {
                parse(config);
            } catch (ConfigException e) {
                problems.add(e);
            }
            return problems;
        }

        @Override
        public Ranker create(ComponentConfig config, PluginContext context) {
            Parsed p = parse(config);
            String endpoint = p.endpointType;
            if (!endpoint.isEmpty() && !endpoint.equals("DEFAULT") && !endpoint.equals("DOCKER")) {
                LOG.warn("algo {}: EndpointType {} (service discovery) is not supported; posting to Url as given",
                        config.name(), endpoint);
            }
            return new EasyRecRanker(config.name(), p.uri, p.auth, p.timeoutMs, p.attempts, p.function,
                    context.metrics());
        }

        private record Parsed(URI uri, String auth, String endpointType, int timeoutMs, int attempts, String function) {
        }

        private static Parsed parse(ComponentConfig config) {
            String who = "algo " + config.component();
            ComponentConfig eas = config.child("EasConf");
            String url = eas.string("Url");
            if (url.isEmpty()) {
                throw new ConfigException(who, "EasConf.Url", "is required, e.g. http://<host>/api/predict/<service>");
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(who, "EasConf.Url", "is not a URL: " + e.getMessage());
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new ConfigException(who, "EasConf.Url", "must be an http(s) URL, got \"" + url + "\"");
            }
            String function = eas.string("ResponseFuncName", PBResponses.SINGLE);
            if (!PBResponses.FUNCTIONS.contains(function)) {
                throw new ConfigException(who, "EasConf.ResponseFuncName", "unsupported response function \""
                        + function + "\"; supported: " + String.join(", ", PBResponses.FUNCTIONS));
            }
            int timeout = eas.integer("Timeout", 0);
            int retries = eas.integer("RetryTimes", 0);
            return new Parsed(uri, eas.string("Auth"), eas.string("EndpointType").toUpperCase(java.util.Locale.ROOT),
                    timeout > 0 ? timeout : 100, retries > 0 ? retries : 2, function);
        }
    }
}
