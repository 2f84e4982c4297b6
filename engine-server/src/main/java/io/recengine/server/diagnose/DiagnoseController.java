package io.recengine.server.diagnose;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.recengine.core.RecEngine;
import io.recengine.core.config.EngineSettings;
import io.recengine.core.match.MatchUser;
import io.recengine.server.aime.BasicAuth;
import io.recengine.server.wire.InputLimits;
import io.recengine.server.wire.ResponseWriter;
import io.recengine.server.wire.WireResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The diagnostic page ({@code GET /diagnose}), its assets (in the jar, no CDN) and its JSON API under
 * {@code /diagnose/api/}. When {@code EngineConf.DiagnoseUsername} is set every route asks for those
 * credentials (HTTP Basic: the page shows user features); otherwise the page is open, and the start log
 * says so.
 */
@Controller("/diagnose")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DiagnoseController {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnoseController.class);
    private static final String REALM = "Basic realm=\"RecEngine diagnose\", charset=\"UTF-8\"";
    /** The assets, by the name the page asks for, and their types. */
    private static final Map<String, String> ASSETS = Map.of(
            "diagnose.js", "text/javascript; charset=utf-8",
            "diagnose.css", "text/css; charset=utf-8");

    private final DiagnoseApi api;
    /** Null when no credentials are configured. */
    private final BasicAuth auth;

    DiagnoseController(RecEngine engine, RecentRequests recent) {
        this.api = new DiagnoseApi(engine, InputLimits.of(engine.engineConf()), recent);
        EngineSettings s = engine.settings();
        this.auth = s.diagnoseGuarded()
                ? new BasicAuth(List.of(new MatchUser(s.diagnoseUsername(), s.diagnosePassword()))) : null;
        if (auth == null) {
            LOG.warn("the diagnostic page /diagnose is open (it shows user features): set EngineConf.DiagnoseUsername "
                    + "and DiagnosePassword to guard it");
        }
    }

    @Get(produces = MediaType.TEXT_HTML)
    MutableHttpResponse<?> page(HttpRequest<?> request) {
        if (request.getPath().endsWith("/")) {
            // the page's links are relative to /diagnose (so that it works behind a path prefix)
            return HttpResponse.redirect(URI.create("../diagnose"));
        }
        return guarded(request, () -> asset("index.html", "text/html; charset=utf-8"));
    }

    @Get(uri = "/assets/{name}", produces = MediaType.ALL)
    MutableHttpResponse<?> assets(HttpRequest<?> request, @PathVariable String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            return json(new WireResponse(404, 404, ResponseWriter.envelope(404, "url not found route info", "")));
        }
        return guarded(request, () -> asset(name, type));
    }

    @Get(uri = "/api/meta", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> meta(HttpRequest<?> request) {
        return guarded(request, () -> json(api.meta()));
    }

    @Get(uri = "/api/recent", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> recent(HttpRequest<?> request, @Nullable @QueryValue("scene") String scene) {
        return guarded(request, () -> json(api.recent(scene)));
    }

    @Post(uri = "/api/trace", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> trace(HttpRequest<?> request, @Nullable @QueryValue("table") String table,
                                 @Nullable @Body byte[] body) {
        return guarded(request, () -> json(api.trace(body == null ? new byte[0] : body, table)));
    }

    private MutableHttpResponse<?> guarded(HttpRequest<?> request, Supplier<MutableHttpResponse<?>> answer) {
        if (auth != null && !auth.authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
            return json(new WireResponse(401, 401, ResponseWriter.envelope(401, "unauthorized", "")))
                    .header(HttpHeaders.WWW_AUTHENTICATE, REALM);
        }
        return answer.get();
    }

    private static MutableHttpResponse<?> asset(String name, String type) {
        try (InputStream in = DiagnoseController.class.getResourceAsStream("/diagnose/" + name)) {
            if (in == null) {
                throw new IOException("asset diagnose/" + name + " is not in the jar");
            }
            // no-store: the page shows user data
            return HttpResponse.ok(in.readAllBytes()).contentType(type).header(HttpHeaders.CACHE_CONTROL, "no-store");
        } catch (IOException e) {
            LOG.error("diagnostic page asset {} could not be read", name, e);
            return json(new WireResponse(500, 500, ResponseWriter.envelope(500, "server error", "")));
        }
    }

    private static MutableHttpResponse<byte[]> json(WireResponse r) {
        return HttpResponse.<byte[]>ok().status(r.httpStatus()).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(r.body());
    }
}
