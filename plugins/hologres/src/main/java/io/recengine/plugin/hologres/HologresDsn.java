package io.recengine.plugin.hologres;

import io.recengine.spi.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Hologres DSN parsed into connection settings. Accepts the three forms users write:
 * <ul>
 *   <li>lib/pq URL (what PAI-Rec configs hold): {@code postgres://user:pass@host:port/db?sslmode=disable}
 *       ({@code postgresql://} too; user and password percent-decoded);</li>
 *   <li>lib/pq key/value: {@code host=h port=80 user=u password='p w' dbname=db sslmode=disable}
 *       (single-quoted values with backslash escapes);</li>
 *   <li>a JDBC URL: {@code jdbc:postgresql://host:port/db?user=u&password=p}.</li>
 * </ul>
 * Parameters other than host, port, user, password and dbname are kept in {@link #params()} under their
 * lib/pq names ({@code sslmode}, {@code connect_timeout}, {@code application_name}, ...) or, for JDBC URLs,
 * under their pgjdbc names. Immutable. {@link #toString()} never shows the password.
 */
record HologresDsn(String host, int port, String database, String user, String password, Map<String, String> params) {

    static final int DEFAULT_PORT = 5432;

    static HologresDsn parse(String component, String dsn) {
        String s = dsn == null ? "" : dsn.trim();
        if (s.isEmpty()) {
            throw new ConfigException(component, "DSN", "is required");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://")) {
            return parseUrl(component, s.substring("jdbc:".length()), true);
        }
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            return parseUrl(component, s, false);
        }
        if (s.contains("=")) {
            return parseKeyValue(component, s);
        }
        throw new ConfigException(component, "DSN", "is not a postgres:// URL, a jdbc:postgresql:// URL or "
                + "key=value pairs");
    }

    private static HologresDsn parseUrl(String component, String url, boolean jdbc) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // never echo the input: it may hold a password
            throw new ConfigException(component, "DSN", "is not a valid URL (" + e.getReason() + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new ConfigException(component, "DSN", "has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String db = decode(path.startsWith("/") ? path.substring(1) : path);
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(k, v);
            }
        }
        if (params.containsKey("user")) {
            user = params.remove("user");
        }
        if (params.containsKey("password")) {
            password = params.remove("password");
        }
        if (!jdbc && params.containsKey("dbname")) {
            db = params.remove("dbname");
        }
        return new HologresDsn(host, port, db, user, password, Map.copyOf(params));
    }

    private static HologresDsn parseKeyValue(String component, String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                throw new ConfigException(component, "DSN", "key/value DSN: missing '=' after a key");
            }
            String key = s.substring(i, eq).trim();
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    throw new ConfigException(component, "DSN", "key/value DSN: unterminated quoted value for " + key);
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = s.charAt(i++);
                    }
                    v.append(c);
                }
            }
            kv.put(key, v.toString());
        }
        String host = kv.remove("host");
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        int port = DEFAULT_PORT;
        String p = kv.remove("port");
        if (p != null && !p.isEmpty()) {
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new ConfigException(component, "DSN", "port '" + p + "' is not a number");
            }
        }
        String db = kv.remove("dbname");
        String user = kv.remove("user");
        String password = kv.remove("password");
        return new HologresDsn(host, port, db == null ? "" : db, user == null ? "" : user,
                password == null ? "" : password, Map.copyOf(kv));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The DSN without its password, for logs. */
    @Override
    public String toString() {
        return "postgres://" + (user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":****") + "@")
                + host + ":" + port + "/" + database + (params.isEmpty() ? "" : "?" + params);
    }
}
