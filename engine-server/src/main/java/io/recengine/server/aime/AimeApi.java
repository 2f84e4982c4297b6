package io.recengine.server.aime;

import io.recengine.core.match.MatchService;
import io.recengine.server.wire.WireResponse;
import io.recengine.spi.match.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The AIME HTTP contract of the embedded match engine: {@code GET /be} reads and {@code /sendmsg} writes
 * over raw query strings and form bodies, Basic auth against {@code MatchEngineConf.Users}, the
 * {@code json2} reply. A failed read is HTTP 200 with its {@code errorCode}; a refused write HTTP 400, a write
 * the replication log did not take HTTP 503 (both {@code errno} 1 with the reason);
 * missing or wrong credentials HTTP 401. Never throws. Thread-safe.
 */
public final class AimeApi {

    private static final Logger LOG = LoggerFactory.getLogger(AimeApi.class);

    private final MatchService match;
    private final BasicAuth auth;
    private final boolean snake;

    public AimeApi(MatchService match) {
        this.match = match;
        this.auth = new BasicAuth(match.users());
        this.snake = match.snakeCaseReplies();
    }

    /** {@code GET /be}: the raw (undecoded) query string and the Authorization header. */
    public WireResponse be(String rawQuery, String authorization) {
        if (!auth.authorized(authorization)) {
            return new WireResponse(401, 401, AimeReplies.read(MatchResult.error(401, "unauthorized"), snake));
        }
        MatchResult r;
        try {
            r = match.read(QueryStrings.parse(rawQuery, false));
        } catch (IllegalArgumentException e) {
            r = MatchResult.error(MatchService.ERR_BAD_PARAM, "malformed query string: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("/be failed", e);
            r = MatchResult.error(MatchService.ERR_INTERNAL, "internal error");
        }
        if (r.errorCode() == MatchService.ERR_INTERNAL) {
            // the engine's message may name the exception; the client gets the code, the log the cause
            r = MatchResult.error(MatchService.ERR_INTERNAL, "internal error");
        }
        return new WireResponse(200, r.errorCode(), AimeReplies.read(r, snake));
    }

    /** {@code /sendmsg}: the raw query string, a form body (may be empty or null) and the Authorization header. */
    public WireResponse sendmsg(String rawQuery, byte[] formBody, String authorization) {
        if (!auth.authorized(authorization)) {
            return writeError(401, "unauthorized");
        }
        Map<String, String> params;
        try {
            params = QueryStrings.parse(rawQuery, true);
            if (formBody != null && formBody.length > 0) {
                // raw (unescaped) UTF-8 in a form body stays UTF-8: QueryStrings keeps non-ASCII characters as they are
                params.putAll(QueryStrings.parse(new String(formBody, StandardCharsets.UTF_8), true));
            }
        } catch (IllegalArgumentException e) {
            return writeError(400, "malformed request: " + e.getMessage());
        }
        MatchService.WriteOutcome outcome = match.write(params.get("table"), params.get("msg"));
        return switch (outcome.status()) {
            case APPLIED -> new WireResponse(200, 200, AimeReplies.written());
            // the replication log is away: nothing was written, the client may retry
            case UNAVAILABLE -> writeError(503, outcome.problem());
            // an engine fault's message may name the exception: the log has it, the client gets the kind
            case REFUSED -> writeError(400, outcome.problem().startsWith("internal error") ? "internal error"
                    : outcome.problem());
        };
    }

    private static WireResponse writeError(int status, String message) {
        return new WireResponse(status, status, AimeReplies.writeError(message));
    }
}
