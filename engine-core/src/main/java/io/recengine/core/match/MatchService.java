package io.recengine.core.match;

import io.recengine.core.config.EngineConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.match.MatchEngine;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;
import io.recengine.spi.replication.UpdateLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded match engine: its tables ({@link MatchTables}), reads ({@link MatchReads}) and updates
 * ({@link MatchUpdates}), typed. The AIME wire contract ({@code /be}, {@code /sendmsg}, authentication, the
 * {@code json2} reply) is the server's; plugins reach the same reads in process through
 * {@link MatchEngine} ({@link #services()}). See docs/aime.md. Thread-safe.
 */
public final class MatchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatchService.class);

    /** {@code errorCode} of a read naming no service (as the BE SDK fixtures: "biz not exist."). */
    public static final int ERR_NO_SERVICE = 3;
    /** {@code errorCode} of a malformed read parameter (trigger list, return count, query string). */
    public static final int ERR_BAD_PARAM = 2;
    /** {@code errorCode} of an internal failure. */
    public static final int ERR_INTERNAL = 1;

    private final MatchConfig config;
    private final MatchTables tables;
    private final MatchReads reads;
    private final MatchUpdates updates;
    private final Engine engine = new Engine();
    /** The snapshot the tables were loaded from (replication only), or null. */
    private final MatchSnapshot snapshot;
    /** Set once by {@link #replicate}; null without replication. */
    private volatile MatchReplication replication;

    private MatchService(MatchConfig config, MatchTables tables, MatchSnapshot snapshot) {
        this.config = config;
        this.tables = tables;
        this.reads = new MatchReads(tables);
        this.updates = new MatchUpdates(tables);
        this.snapshot = snapshot;
    }

    /** How a write ended: applied, refused (bad input; {@code problem} says why) or the log unavailable. */
    public record WriteOutcome(Status status, String problem) {

        public enum Status { APPLIED, REFUSED, UNAVAILABLE }

        static WriteOutcome applied() {
            return new WriteOutcome(Status.APPLIED, null);
        }

        static WriteOutcome refused(String problem) {
            return new WriteOutcome(Status.REFUSED, problem);
        }

        static WriteOutcome unavailable(String problem) {
            return new WriteOutcome(Status.UNAVAILABLE, problem);
        }
    }

    /**
     * Reads {@code MatchEngineConf} and loads every table's file. A config without the key gives an engine
     * with no services (and no users).
     *
     * @throws ConfigException on the first config or data problem (component, key, reason)
     */
    public static MatchService build(EngineConfig config) {
        return build(definitions(config));
    }

    /** Loads the tables of already parsed definitions (see {@link #definitions(EngineConfig)}). */
    public static MatchService build(Definitions definitions) {
        MatchConfig mc = definitions.config;
        MatchSnapshot snap = mc.replication() == null ? null : readSnapshot(mc);
        MatchService s = new MatchService(mc, MatchTables.load(mc, snap), snap);
        if (!mc.tables().isEmpty()) {
            if (mc.users().isEmpty()) {
                LOG.warn("{} has no Users: /be and /sendmsg answer without authentication", MatchConfig.KEY);
            }
            LOG.info("match engine: {} table(s): {}", mc.tables().size(), s.tables.describe());
        }
        return s;
    }

    /** The replication snapshot to start from, or null (none, unreadable, or of other tables: the files then). */
    private static MatchSnapshot readSnapshot(MatchConfig mc) {
        Path dir = mc.replication().snapshotDir();
        if (dir == null) {
            return null;
        }
        MatchSnapshot snap;
        try {
            snap = MatchSnapshot.read(dir);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("match snapshot in {} not used ({}): loading the table files and replaying the whole log", dir,
                    e.toString());
            return null;
        }
        if (snap != null && !snap.matches(mc)) {
            LOG.warn("match snapshot in {} holds other tables than MatchEngineConf.Tables: loading the table files and"
                    + " replaying the whole log", dir);
            return null;
        }
        if (snap != null) {
            LOG.info("match engine: tables from the snapshot in {} (log offsets {})", dir, snap.offsets());
        }
        return snap;
    }

    /**
     * Turns replication on ({@code MatchEngineConf.Replication}): from now on writes go through {@code log} and
     * the tables change only by what the log delivers, starting after the offsets of the snapshot loaded.
     *
     * @throws ConfigException when the snapshot loaded belongs to another log
     */
    public void replicate(UpdateLog log, MeterRegistry registry) {
        MatchConfig.Replication r = config.replication();
        if (r == null || replication != null) {
            throw new IllegalStateException("replication is not configured, or already on");
        }
        if (snapshot != null && !snapshot.log().equals(log.describe())) {
            throw new ConfigException(MatchConfig.KEY + ".Replication", "SnapshotDir", "the snapshot in "
                    + r.snapshotDir() + " covers " + snapshot.log() + ", the config names " + log.describe()
                    + ": remove the snapshot file (" + MatchSnapshot.FILE + ") to start from the table files");
        }
        replication = MatchReplication.start(log, updates, tables, r, snapshot == null ? Map.of() : snapshot.offsets(),
                System::currentTimeMillis, registry);
    }

    /** Lag, readiness and offsets of a replica; empty without replication. */
    public Optional<Map<String, Object>> replicationStatus() {
        MatchReplication r = replication;
        if (r == null) {
            return Optional.empty();
        }
        MatchReplication.Status s = r.status();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("log", s.log());
        m.put("available", s.available());
        m.put("replaying", s.replaying());
        m.put("lagMessages", s.lagMessages());
        m.put("lagSeconds", s.lagSeconds());
        m.put("applied", s.applied());
        m.put("endOffsets", s.endOffsets());
        return Optional.of(m);
    }

    /** Whether this replica is still replaying the log after its start (serving the snapshot's state meanwhile). */
    public boolean replaying() {
        MatchReplication r = replication;
        return r != null && r.status().replaying();
    }

    /**
     * Table -> {@code {size, digest}}: the entry count and an order-independent digest of the content, so that
     * replicas can be compared table by table. O(size of the tables).
     */
    public Map<String, Map<String, Object>> tableDigests() {
        Map<String, Map<String, Object>> m = new java.util.LinkedHashMap<>();
        tables.digests().forEach((name, d) -> m.put(name, Map.of("size", d.size(), "digest", d.hex())));
        return m;
    }

    /**
     * The table definitions, users and reply style of {@code MatchEngineConf}, parsed and validated
     * without reading data files: what a config generation holds.
     *
     * @throws ConfigException on the first problem
     */
    public static Definitions definitions(EngineConfig config) {
        List<ConfigException> problems = new ArrayList<>();
        MatchConfig mc = MatchConfig.parse(config.root(), config.baseDir(), problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return new Definitions(mc);
    }

    /** Checks {@code MatchEngineConf} without reading data files. */
    public static List<ConfigException> check(EngineConfig config) {
        List<ConfigException> problems = new ArrayList<>();
        MatchConfig.parse(config.root(), config.baseDir(), problems);
        return problems;
    }

    /**
     * Every table whose {@code Path} names no readable file, one problem each naming the table and the path
     * as written (relative to the config's directory). Looks at the file system, reads no file; a config
     * with other {@link #check} problems gets no file problems (its tables are not all known).
     */
    public static List<ConfigException> checkFiles(EngineConfig config) {
        List<ConfigException> parsing = new ArrayList<>();
        MatchConfig mc = MatchConfig.parse(config.root(), config.baseDir(), parsing);
        List<ConfigException> problems = new ArrayList<>();
        if (!parsing.isEmpty()) {
            return problems;
        }
        for (MatchConfig.Table t : mc.tables()) {
            if (t.path() != null && !Files.isRegularFile(t.path())) {
                problems.add(new ConfigException(t.component(), "Path", (Files.exists(t.path()) ? "not a file: "
                        : "file not found: ") + shown(t.path(), config.baseDir())));
            } else if (t.path() != null && !Files.isReadable(t.path())) {
                problems.add(new ConfigException(t.component(), "Path", "file not readable: "
                        + shown(t.path(), config.baseDir())));
            }
        }
        return problems;
    }

    /** {@code path} relative to the config's directory when it lies inside it, else as resolved. */
    private static String shown(Path path, Path baseDir) {
        if (baseDir != null && path.startsWith(baseDir)) {
            return baseDir.relativize(path) + " (relative to the config)";
        }
        return path.toString();
    }

    /** {@code MatchEngineConf} parsed: table definitions, users, reply style. Immutable. */
    public static final class Definitions {
        private final MatchConfig config;

        private Definitions(MatchConfig config) {
            this.config = config;
        }

        /** The {@code UpdateLogFactory} type of {@code Replication} ({@code kafka}), or null without replication. */
        public String replicationLogType() {
            return config.replication() == null ? null : config.replication().logType();
        }

        /** The {@code Replication} object handed to the update-log factory; empty without replication. */
        public Optional<io.recengine.spi.ComponentConfig> replicationConfig() {
            return Optional.ofNullable(config.replication()).map(MatchConfig.Replication::config);
        }

        /** The table names, in config order. */
        public List<String> tableNames() {
            return config.tables().stream().map(MatchConfig.Table::name).toList();
        }

        @Override
        public String toString() {
            return "MatchEngineConf" + tableNames();
        }
    }

    /** Engine services exposed to plugins through {@code PluginContext.service(type)}. */
    public Map<Class<?>, Object> services() {
        return Map.of(MatchEngine.class, engine);
    }

    /** The in-process API (the same object {@link #services()} exposes). */
    public MatchEngine engine() {
        return engine;
    }

    /** A vector service by name, or null (tests, benchmarks). */
    public VectorTable vectorTable(String name) {
        return tables.vectors.get(name);
    }

    /** {@code MatchEngineConf.Users}: whose credentials requests must carry; empty means no authentication. */
    public List<MatchUser> users() {
        return config.users();
    }

    /** {@code MatchEngineConf.ReplyStyle}: true for snake_case reply keys (the BE SDKs), false for camelCase. */
    public boolean snakeCaseReplies() {
        return config.snakeCase();
    }

    /**
     * A read over decoded parameters ({@code p}/{@code s}, {@code trigger_list}, {@code return_count}, or the
     * multi-recall form). Never throws: bad input and failures are error results.
     */
    public MatchResult read(Map<String, String> params) {
        try {
            return reads.read(params);
        } catch (RuntimeException e) {
            LOG.error("match read failed", e);
            return MatchResult.error(ERR_INTERNAL, "internal error: " + e);
        }
    }

    /**
     * Applies one update message ({@code CMD=add|delete<US><LF>field=value<US><LF>...}) to a table
     * ({@code <instance>_<table>} names are accepted). Never throws.
     *
     * @return empty when applied, else why it was refused
     */
    public Optional<String> update(String table, String message) {
        return Optional.ofNullable(write(table, message).problem());
    }

    /**
     * Applies one update message, or with replication appends it to the update log and answers once the log
     * acknowledged it. Never throws.
     */
    public WriteOutcome write(String table, String message) {
        WriteOutcome outcome;
        try {
            if (config.replication() != null) {
                MatchReplication r = replication;
                outcome = r == null ? WriteOutcome.unavailable("replication is not started yet") : r.write(table, message);
            } else {
                String problem = updates.write(table, message);
                outcome = problem == null ? WriteOutcome.applied() : WriteOutcome.refused(problem);
            }
        } catch (RuntimeException e) {
            LOG.error("match update failed", e);
            outcome = WriteOutcome.refused("internal error: " + e);
        }
        if (outcome.problem() != null) {
            LOG.debug("update not applied: {}", outcome.problem());
        }
        return outcome;
    }

    @Override
    public void close() {
        MatchReplication r = replication;
        try {
            if (r != null) {
                r.close();
            }
        } finally {
            tables.close();
        }
    }

    /** The in-process API. */
    private final class Engine implements MatchEngine {
        @Override
        public MatchResult read(MatchQuery query) {
            return MatchService.this.read(query.params());
        }

        @Override
        public Map<String, Map<String, String>> lookup(String table, Collection<String> keys) {
            return detail(table).lookup(keys);
        }

        @Override
        public Map<String, String> row(String table, String key) {
            return detail(table).get(key);
        }

        @Override
        public io.recengine.spi.FeatureRow detailRow(String table, String key) {
            return detail(table).row(key);
        }

        private DetailTable detail(String table) {
            DetailTable d = tables.details.get(table);
            if (d == null) {
                throw new IllegalArgumentException("no detail table '" + table + "'; detail tables: "
                        + tables.details.keySet());
            }
            return d;
        }

        @Override
        public Set<String> detailTables() {
            return Set.copyOf(tables.details.keySet());
        }

        @Override
        public String toString() {
            return "MatchEngine" + tables.describe();
        }
    }
}
