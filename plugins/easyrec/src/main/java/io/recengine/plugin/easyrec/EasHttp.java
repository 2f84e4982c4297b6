package io.recengine.plugin.easyrec;

import io.recengine.spi.ComponentException;
import io.recengine.spi.concurrent.Retry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One model server endpoint as PAI-Rec's EAS clients call it: POST the body, header
 * {@code Authorization: <Auth>} (raw token, only when set), {@code Timeout} ms per attempt,
 * {@code RetryTimes} attempts ({@link Retry}) on I/O errors, timeouts and non-200 answers. One keep-alive JDK HTTP/1.1
 * client per algo. Shared by every processor of this plugin; what the body means is theirs.
 */
final class EasHttp {

    private final String algo;
    /** What the messages call the remote: "EAS", "TF Serving". */
    private final String server;
    private final URI uri;
    private final String auth;
    private final Duration timeout;
    private final int attempts;
    private final HttpClient client;

    EasHttp(String algo, String server, URI uri, String auth, int timeoutMs, int attempts) {
        this.algo = algo;
        this.server = server;
        this.uri = uri;
        this.auth = auth;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.attempts = attempts;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.max(timeoutMs, 100))).build();
    }

    EasHttp(String algo, String server, EasSettings s) {
        this(algo, server, s.uri(), s.auth(), s.timeoutMs(), s.attempts());
    }

    /**
     * The body of the first 200 answer.
     *
     * @param contentEncoding {@code Content-Encoding} of {@code body}, or null
     * @throws ComponentException TIMEOUT or DEPENDENCY when every attempt failed
     */
    byte[] post(byte[] body, String contentType, String contentEncoding) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!auth.isEmpty()) {
            rb.header("Authorization", auth);
        }
        if (contentEncoding != null) {
            rb.header("Content-Encoding", contentEncoding);
        }
        HttpRequest req = rb.build();
        return Retry.upTo(algo, attempts, () -> attempt(req));
    }

    private byte[] attempt(HttpRequest req) throws InterruptedException {
        try {
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                return r.body();
            }
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY, server + " answered HTTP "
                    + r.statusCode() + ": " + excerpt(r.body()));
        } catch (HttpTimeoutException e) {
            throw new ComponentException(algo, ComponentException.Kind.TIMEOUT,
                    "no " + server + " answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                    server + " request to " + uri + " failed: " + e, e);
        }
    }

    /** The start of an answer for a message: enough to recognise it, never the whole body. */
    static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length > 200 ? text + "..." : text;
    }

    /** A malformed answer: the batch fails like an unreachable server (the rank stage degrades). */
    static ComponentException garbage(String algo, String what, byte[] body, Exception cause) {
        return new ComponentException(algo, ComponentException.Kind.DEPENDENCY,
                "answer is not " + what + " (" + body.length + " bytes: " + excerpt(body) + "): "
                        + (cause == null ? "" : cause.getMessage()), cause);
    }
}
