package io.recengine.spi.match;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A read request of the AIME {@code /be} API: the decoded query parameters, in order. Immutable.
 *
 * <p>The usual parameters: {@code biz_name=searcher}, {@code p} and {@code s} (the service name),
 * {@code return_count}, {@code outfmt=json2}, {@code trigger_list} ({@code key:weight,...} for x2i,
 * {@code v1,v2,...;v1,v2,...} for vectors), or the multi-recall form {@code <recall>_list},
 * {@code <recall>_return_count}, {@code <recall>_table}.
 */
public final class MatchQuery {

    private final Map<String, String> params;

    private MatchQuery(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A query over the given decoded parameters (copied). */
    public static MatchQuery of(Map<String, String> params) {
        Objects.requireNonNull(params, "params");
        return new MatchQuery(params);
    }

    /** A builder preset with {@code biz_name=searcher}, {@code p=s=service} and {@code outfmt=json2}. */
    public static Builder forService(String service) {
        return new Builder().param("biz_name", "searcher").param("p", service).param("s", service)
                .param("outfmt", "json2");
    }

    /** The decoded parameters, unmodifiable, in order. */
    public Map<String, String> params() {
        return params;
    }

    /** A parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** The query string, each name and value percent-encoded (UTF-8; {@code ,:;} encoded too). */
    public String toQueryString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    /** Percent-encodes everything but {@code A-Za-z0-9-._~} (RFC 3986 unreserved). */
    public static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.write(c);
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchQuery q && q.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    @Override
    public String toString() {
        return "MatchQuery" + params;
    }

    /** Builds a {@link MatchQuery}. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, String> params = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets (or, with a null value, removes) a parameter. */
        public Builder param(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
            return this;
        }

        public Builder returnCount(int n) {
            return param("return_count", Integer.toString(n));
        }

        public Builder triggerList(String triggers) {
            return param("trigger_list", triggers);
        }

        public MatchQuery build() {
            return new MatchQuery(params);
        }
    }
}
