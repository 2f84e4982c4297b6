package io.recengine.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong Basic-auth passwords over HTTP, limit 3: the fourth request from the same address gets 429 even
 * with the right password, while the right password from another address (127.0.0.2) still passes.
 */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "../config-samples/aime.json")
@Property(name = "recengine.aime.auth.max-failures", value = "3")
class AimeAuthLimitServerTest {

    private static final String WRONG = "Basic " + Base64.getEncoder().encodeToString(
            "aime:nope".getBytes(StandardCharsets.UTF_8));

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String pathAndQuery, String auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET from local address 127.0.0.2 (the JDK client cannot pick its source address); the status code. */
    private int getFrom127002(String pathAndQuery, String auth) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(30_000);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getPort()), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 ");
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    @Test
    void wrongPasswordsAreLimitedPerClientAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(AimeServerTest.SEED_X2I, WRONG).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = get(AimeServerTest.SEED_X2I, AimeServerTest.AUTH);
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.body()).contains("too many failed logins").contains("\"errorCode\":429");
        HttpResponse<String> write = get(AimeServerTest.SEED_DELETE, AimeServerTest.AUTH);
        assertThat(write.statusCode()).isEqualTo(429);
        assertThat(write.body()).contains("\"errmsg\"");

        // the right password from another address is not affected
        assertThat(getFrom127002(AimeServerTest.SEED_X2I, AimeServerTest.AUTH)).isEqualTo(200);

        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.body()).contains("recengine_aime_auth_total{outcome=\"failed\"} 3.0")
                .contains("recengine_aime_auth_total{outcome=\"throttled\"} 2.0");
    }
}
