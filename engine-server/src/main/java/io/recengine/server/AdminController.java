package io.recengine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.generation.ReloadOutcome;
import io.recengine.core.match.MatchUser;
import io.recengine.server.aime.BasicAuth;
import io.recengine.server.wire.ResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Admin routes, on only when {@code EngineConf.AdminUsername} and {@code AdminPassword} are set (HTTP Basic,
 * checked as the diagnostic page's credentials are); without them every admin route answers 404, as an
 * unknown route would. {@code POST /api/admin/reload} reloads the config file (and the experiment file) and
 * answers the outcome when the reload is done: 200 applied or unchanged, 422 rejected (the old config keeps
 * serving; the problems are in the answer), 503 when it did not finish within {@link #WAIT_SECONDS}.
 */
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminController {

    private static final Logger LOG = LoggerFactory.getLogger(AdminController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "Basic realm=\"RecEngine admin\", charset=\"UTF-8\"";
    /** A reload builds every changed component: connections, loaded tables. Past this the caller polls /health. */
    static final long WAIT_SECONDS = 120;

    private final RecEngine engine;
    /** Null when no admin credentials are configured: the routes are off. */
    private final BasicAuth auth;

    AdminController(RecEngine engine) {
        this.engine = engine;
        EngineSettings s = engine.settings();
        this.auth = s.adminEnabled() ? new BasicAuth(List.of(new MatchUser(s.adminUsername(), s.adminPassword()))) : null;
    }

    @Post(uri = "/reload", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<byte[]> reload(HttpRequest<?> request) {
        if (auth == null) {
            return json(404, ResponseWriter.envelope(404, "url not found route info", ""));
        }
        if (!auth.authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
            return json(401, ResponseWriter.envelope(401, "unauthorized", "")).header(HttpHeaders.WWW_AUTHENTICATE, REALM);
        }
        ReloadOutcome o;
        try {
            o = engine.reload("admin").get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return json(503, body(Map.of("code", 503, "msg", "the reload is still running; see /health")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return json(503, body(Map.of("code", 503, "msg", "interrupted")));
        } catch (ExecutionException e) {
            LOG.error("admin reload failed", e.getCause());
            return json(500, ResponseWriter.envelope(500, "server error", ""));
        }
        int status = o.rejected() ? 422 : 200;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", status);
        m.put("outcome", o.outcome());
        m.put("version", o.served().hash());
        m.put("attemptedVersion", o.attempted() == null ? "" : o.attempted().hash());
        m.put("problems", o.problems());
        m.put("needsRestart", o.needsRestart());
        m.put("carriedOver", o.carried());
        m.put("created", o.created());
        return json(status, body(m));
    }

    private static byte[] body(Map<String, Object> m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers writes as JSON", e);
        }
    }

    private static MutableHttpResponse<byte[]> json(int status, byte[] body) {
        return HttpResponse.<byte[]>ok().status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }
}
