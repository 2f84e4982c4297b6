package io.recengine.plugin.aime;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Datasource;

import java.util.Set;

/**
 * One {@code BEConfs} entry read with types and ranges: {@code Endpoint} ({@code embedded},
 * {@code inproc://...} or an HTTP base URL), {@code Username}, {@code Password} and {@code TimeoutMs}
 * (the HTTP read timeout; absent: the recall's {@code Timeout}, else 1000). The one reading that
 * {@code validate} (the {@code BEConfs} datasource factory's check) and start-up ({@link BeRecallFactory})
 * share. It is also the datasource built for the entry: plain settings, no connection. Immutable.
 *
 * @param timeoutMs {@code TimeoutMs}, 0 when absent
 */
record BeSettings(String endpoint, String username, String password, int timeoutMs) implements Datasource {

    static final String MAP = "BEConfs";
    static final Set<String> SECRET_KEYS = Set.of("Password");

    static BeSettings read(ConfigReader r) {
        return new BeSettings(r.require("Endpoint"), r.string("Username", ""), r.string("Password", ""),
                r.integer("TimeoutMs", 0, 1, 3_600_000));
    }

    /** The settings of a {@code BEConfs} entry; throws the first problem the BEConfs check reports. */
    static BeSettings of(ComponentConfig entry) {
        // entries have no Name key: messages name them by their place, BEConfs.<name>
        return ConfigReader.read(entry, entry.path(), BeSettings::read);
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "BeSettings{" + endpoint + ", user " + username + "}";
    }
}
