package io.recengine.plugin.mysql;

import io.recengine.spi.ConfigException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Go MySQL driver DSN as PAI-Rec's {@code MysqlConfs.<name>.DSN} holds it:
 * {@code [user[:password]@][tcp[(host[:port])]]/dbname[?param=value&...]}. Immutable; {@link #toString()}
 * never shows the password.
 */
record MysqlDsn(String user, String password, String host, int port, String database, Map<String, String> params) {

    static MysqlDsn parse(String component, String dsn) {
        if (dsn.isEmpty()) {
            throw new ConfigException(component, "DSN", "is required");
        }
        int slash = dsn.lastIndexOf('/');
        if (slash < 0) {
            throw new ConfigException(component, "DSN", "must look like user:password@tcp(host:port)/database");
        }
        String head = dsn.substring(0, slash);
        String tail = dsn.substring(slash + 1);
        String user = "";
        String password = "";
        int at = head.lastIndexOf('@');
        if (at >= 0) {
            String cred = head.substring(0, at);
            head = head.substring(at + 1);
            int colon = cred.indexOf(':');
            user = colon < 0 ? cred : cred.substring(0, colon);
            password = colon < 0 ? "" : cred.substring(colon + 1);
        }
        String host = "127.0.0.1";
        int port = 3306;
        if (!head.isEmpty()) {
            int open = head.indexOf('(');
            String net = open < 0 ? head : head.substring(0, open);
            if (!net.equals("tcp")) {
                throw new ConfigException(component, "DSN", "network '" + net + "' is not supported (only tcp)");
            }
            if (open >= 0) {
                if (!head.endsWith(")")) {
                    throw new ConfigException(component, "DSN", "the address must be tcp(host:port)");
                }
                String addr = head.substring(open + 1, head.length() - 1);
                int colon = addr.lastIndexOf(':');
                if (colon >= 0) {
                    try {
                        port = Integer.parseInt(addr.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new ConfigException(component, "DSN", "the port must be a number");
                    }
                    addr = addr.substring(0, colon);
                }
                if (!addr.isEmpty()) {
                    host = addr;
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        int q = tail.indexOf('?');
        String database = q < 0 ? tail : tail.substring(0, q);
        if (q >= 0) {
            for (String kv : tail.substring(q + 1).split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                params.put(kv.substring(0, eq < 0 ? kv.length() : eq),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new MysqlDsn(user, password, host, port, database, Map.copyOf(params));
    }

    @Override
    public String toString() {
        return (user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":****") + "@") + "tcp(" + host + ":" + port + ")/"
                + database;
    }
}
