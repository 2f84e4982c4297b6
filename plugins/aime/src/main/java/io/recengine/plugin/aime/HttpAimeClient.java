package io.recengine.plugin.aime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.recengine.spi.ComponentException;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code GET <endpoint>/be?...&outfmt=json2} with Basic auth (JDK HttpClient). Parameters are
 * percent-encoded ({@code , : ;} included). Replies are read in both key spellings: camelCase
 * ({@code errorCode}, {@code matchItems.fieldNames}) as the AIME documentation shows, snake_case
 * ({@code error_code}, {@code match_items.field_names}) as the BE SDKs decode.
 */
final class HttpAimeClient implements AimeClient {

    /** json2 replies as plain values: objects as maps, integers as Long, decimals as Double. */
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(Object.class);

    private final String component;
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    HttpAimeClient(String component, String endpoint, String username, String password, Duration timeout) {
        this.component = component;
        String e = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        this.base = URI.create(e + "/be");
        this.authorization = username.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public MatchResult read(MatchQuery query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "?" + query.toQueryString()))
                .timeout(timeout).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ComponentException(component, ComponentException.Kind.TIMEOUT, "AIME read timed out: " + base, e);
        } catch (IOException e) {
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, "AIME read failed: " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentException(component, ComponentException.Kind.TIMEOUT, "AIME read interrupted", e);
        }
        if (r.statusCode() != 200) {
            String body = r.body() == null ? "" : r.body();
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, "AIME answered HTTP "
                    + r.statusCode() + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
        try {
            return decode(r.body());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ComponentException(component, ComponentException.Kind.DEPENDENCY, "unreadable AIME reply: " + e.getMessage(), e);
        }
    }

    /** Decodes a json2 reply in either key spelling. */
    static MatchResult decode(String json) {
        Object root;
        try {
            root = JSON.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Object code = either(m, "errorCode", "error_code");
        Object message = either(m, "errorMessage", "error_message");
        int errorCode = code instanceof Number n ? n.intValue() : code == null ? 0 : Integer.parseInt(code.toString());
        String msg = message == null ? "" : message.toString();
        Object items = either(m, "matchItems", "match_items");
        List<String> names = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        if (items instanceof Map<?, ?> im) {
            Object fn = either(im, "fieldNames", "field_names");
            Object fv = either(im, "fieldValues", "field_values");
            if (fn instanceof List<?> l) {
                l.forEach(n -> names.add(String.valueOf(n)));
            }
            if (fv instanceof List<?> l) {
                for (Object row : l) {
                    List<Object> values = new ArrayList<>((List<?>) row);
                    while (values.size() < names.size()) {
                        values.add(null);
                    }
                    rows.add(values.size() > names.size() ? values.subList(0, names.size()) : values);
                }
            }
        }
        if (errorCode != 0) {
            return MatchResult.error(errorCode, msg);
        }
        return MatchResult.of(0, msg, names, rows);
    }

    private static Object either(Map<?, ?> m, String camel, String snake) {
        Object v = m.get(camel);
        return v != null ? v : m.get(snake);
    }
}
