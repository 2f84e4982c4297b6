package io.recengine.core.match;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code MatchEngineConf}, our own top-level key (PAI-Rec ignores it): the users whose credentials the
 * server checks, reply style, index settings and the tables. See docs/aime.md.
 */
record MatchConfig(List<MatchUser> users, boolean snakeCase, List<Table> tables, Replication replication) {

    static final String KEY = "MatchEngineConf";

    enum Kind { X2I, VECTOR, DETAIL }

    /** One table; fields not meaningful for its kind keep their defaults. */
    record Table(String component, String name, Kind kind, Path path, DataFiles.Format format,
                 String primaryKey, List<String> fields,
                 String detailTable, boolean sumMerge, String triggerField, String itemField, String scoreField,
                 int dimension, VectorMetric metric, String keyField, String vectorField,
                 int hnswThreshold, double rebuildRatio, HnswVectorIndex.Params hnsw, Path hnswGraphFile) {
    }

    /**
     * {@code MatchEngineConf.Replication}: updates go through the log of {@code KafkaConfs[KafkaName]}
     * (topic {@code Topic}, else the entry's own) and every replica applies them in log order; snapshots of
     * the tables with the log offsets they cover go to {@code SnapshotDir} every {@code SnapshotIntervalSeconds}.
     *
     * @param logType     the {@code UpdateLogFactory} type ({@code kafka})
     * @param config      the {@code Replication} object, handed to the factory
     * @param snapshotDir null: no snapshots (a start replays the whole log)
     */
    record Replication(String logType, String logName, ComponentConfig config, Path snapshotDir,
                       long snapshotIntervalMs, long applyWaitMs) {
    }

    static MatchConfig empty() {
        return new MatchConfig(List.of(), false, List.of(), null);
    }

    /**
     * Parses and validates; every problem goes to {@code problems} (with the component path and key).
     *
     * @param baseDir relative paths are resolved against it (null: the working directory)
     */
    static MatchConfig parse(ComponentConfig root, Path baseDir, List<ConfigException> problems) {
        ComponentConfig c = root.child(KEY);
        if (c.isEmpty()) {
            return empty();
        }
        List<MatchUser> users = new ArrayList<>();
        try {
            for (ComponentConfig u : c.children("Users")) {
                String name = u.string("Username");
                String pass = u.string("Password");
                if (name.isEmpty()) {
                    problems.add(new ConfigException(u.path(), "Username", "is required"));
                } else if (name.contains(":")) {
                    problems.add(new ConfigException(u.path(), "Username", "must not contain ':' (it separates user and password in the credentials)"));
                } else if (pass.isEmpty()) {
                    problems.add(new ConfigException(u.path(), "Password", "is required"));
                } else {
                    users.add(new MatchUser(name, pass));
                }
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
        boolean snake = false;
        int threshold = 50_000;
        double ratio = 0.2;
        HnswVectorIndex.Params defaults = HnswVectorIndex.Params.DEFAULT;
        try {
            String style = c.string("ReplyStyle", "camel").toLowerCase(Locale.ROOT);
            if (!style.equals("camel") && !style.equals("snake")) {
                problems.add(new ConfigException(c.path(), "ReplyStyle", "must be \"camel\" or \"snake\", got \"" + style + "\""));
            }
            snake = style.equals("snake");
            threshold = positive(c, "HnswThreshold", threshold, problems);
            ratio = c.decimal("RebuildRatio", ratio);
            if (!(ratio > 0 && ratio <= 10)) {
                problems.add(new ConfigException(c.path(), "RebuildRatio", "must be in (0, 10]"));
            }
            defaults = new HnswVectorIndex.Params(positive(c, "HnswM", defaults.m(), problems),
                    positive(c, "HnswBeamWidth", defaults.beamWidth(), problems),
                    positive(c, "HnswEf", defaults.ef(), problems), defaults.seed());
        } catch (ConfigException e) {
            problems.add(e);
        }
        List<Table> tables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ComponentConfig> tableConfs;
        try {
            tableConfs = c.children("Tables");
        } catch (ConfigException e) {
            problems.add(e);
            tableConfs = List.of();
        }
        for (ComponentConfig t : tableConfs) {
            try {
                Table table = table(t, baseDir, threshold, ratio, defaults, problems);
                if (table != null) {
                    if (!names.add(table.name())) {
                        problems.add(new ConfigException(t.component(), "Name", "duplicate table name '" + table.name() + "'"));
                    } else {
                        tables.add(table);
                    }
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        // references between tables
        for (Table t : tables) {
            if (!t.detailTable().isEmpty()) {
                boolean ok = tables.stream().anyMatch(o -> o.kind() == Kind.DETAIL && o.name().equals(t.detailTable()));
                if (!ok) {
                    problems.add(new ConfigException(t.component(), "DetailTable", "no detail table named '"
                            + t.detailTable() + "'"));
                }
            }
        }
        Replication replication = null;
        try {
            replication = replication(root, c.child("Replication"), baseDir, problems);
        } catch (ConfigException e) {
            problems.add(e);
        }
        return new MatchConfig(List.copyOf(users), snake, List.copyOf(tables), replication);
    }

    private static Replication replication(ComponentConfig root, ComponentConfig r, Path baseDir,
                                           List<ConfigException> problems) {
        if (r.isEmpty()) {
            return null;
        }
        String kafka = r.string("KafkaName");
        if (kafka.isEmpty()) {
            problems.add(new ConfigException(r.path(), "KafkaName", "is required: the KafkaConfs entry whose"
                    + " topic carries the updates"));
            return null;
        }
        Set<String> known = root.childMap("KafkaConfs").keySet();
        if (!known.contains(kafka)) {
            problems.add(new ConfigException(r.path(), "KafkaName", "no KafkaConfs entry '" + kafka + "'. Defined: "
                    + new java.util.TreeSet<>(known)));
        }
        String dir = r.string("SnapshotDir");
        Path snapshots = null;
        if (!dir.isEmpty()) {
            Path p = Path.of(dir);
            snapshots = p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
        }
        long interval = r.longValue("SnapshotIntervalSeconds", 300);
        if (interval < 1 || interval > 86_400) {
            problems.add(new ConfigException(r.path(), "SnapshotIntervalSeconds", "must be in [1, 86400], got " + interval));
            interval = 300;
        }
        long wait = r.longValue("ApplyWaitMs", 5_000);
        if (wait < 0 || wait > 60_000) {
            problems.add(new ConfigException(r.path(), "ApplyWaitMs", "must be in [0, 60000], got " + wait));
            wait = 5_000;
        }
        return new Replication("kafka", kafka, r, snapshots, interval * 1000, wait);
    }

    private static int positive(ComponentConfig c, String key, int def, List<ConfigException> problems) {
        int v = c.integer(key, def);
        if (v <= 0) {
            problems.add(new ConfigException(c.component(), key, "must be > 0"));
            return def;
        }
        return v;
    }

    private static Table table(ComponentConfig t, Path baseDir, int threshold, double ratio,
                               HnswVectorIndex.Params defaults, List<ConfigException> problems) {
        String comp = t.component();
        String name = t.string("Name");
        if (name.isEmpty()) {
            problems.add(new ConfigException(comp, "Name", "is required"));
            return null;
        }
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
            problems.add(new ConfigException(comp, "Name", "must match [A-Za-z0-9_.-]+"));
            return null;
        }
        String kindText = t.string("Kind").toLowerCase(Locale.ROOT);
        Kind kind = switch (kindText) {
            case "x2i", "i2i" -> Kind.X2I;
            case "vector" -> Kind.VECTOR;
            case "detail" -> Kind.DETAIL;
            default -> null;
        };
        if (kind == null) {
            problems.add(new ConfigException(comp, "Kind", kindText.isEmpty() ? "is required (x2i, vector or detail)"
                    : "must be x2i, vector or detail, got \"" + kindText + "\""));
            return null;
        }
        String pathText = t.string("Path");
        Path path = null;
        DataFiles.Format format = DataFiles.Format.CSV;
        if (!pathText.isEmpty()) {
            Path p = Path.of(pathText);
            path = p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
        }
        try {
            format = DataFiles.formatOf(t.string("Format"), pathText);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(comp, "Format", e.getMessage()));
        }
        List<String> fields = t.stringList("Fields");
        String pk = t.string("PrimaryKey", "id");
        if (kind == Kind.DETAIL && path == null && fields.isEmpty()) {
            problems.add(new ConfigException(comp, "Fields", "a detail table without Path needs its Fields"));
        }
        if (!fields.isEmpty() && !fields.contains(pk)) {
            problems.add(new ConfigException(comp, "Fields", "must include the primary key '" + pk + "'"));
        }
        String merge = t.string("Merge", "max").toLowerCase(Locale.ROOT);
        if (!merge.equals("max") && !merge.equals("sum")) {
            problems.add(new ConfigException(comp, "Merge", "must be \"max\" or \"sum\", got \"" + merge + "\""));
        }
        int dim = t.integer("Dimension", 0);
        if (kind == Kind.VECTOR && dim < 0) {
            problems.add(new ConfigException(comp, "Dimension", "must be > 0"));
        }
        if (kind == Kind.VECTOR && dim == 0 && path == null) {
            problems.add(new ConfigException(comp, "Dimension", "a vector table without Path needs its Dimension"));
        }
        VectorMetric metric = VectorMetric.IP;
        try {
            metric = VectorMetric.parse(t.string("Metric", "ip"));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(comp, "Metric", e.getMessage()));
        }
        int tableThreshold = positive(t, "HnswThreshold", threshold, problems);
        double tableRatio = t.decimal("RebuildRatio", ratio);
        HnswVectorIndex.Params hnsw = new HnswVectorIndex.Params(positive(t, "HnswM", defaults.m(), problems),
                positive(t, "HnswBeamWidth", defaults.beamWidth(), problems),
                positive(t, "HnswEf", defaults.ef(), problems), defaults.seed());
        // where the built graph is kept for the next start (HnswVectorIndexFile); none: built at every start
        String graphText = t.string("HnswGraphFile");
        Path graphFile = null;
        if (!graphText.isEmpty()) {
            Path p = Path.of(graphText);
            graphFile = p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
        }
        return new Table(comp, name, kind, path, format, pk, fields, t.string("DetailTable"), merge.equals("sum"),
                t.string("TriggerField", "trigger_id"), t.string("ItemField", "item_id"), t.string("ScoreField", "score"),
                dim, metric, t.string("KeyField", "id"), t.string("VectorField", "embedding"),
                tableThreshold, tableRatio, hnsw, graphFile);
    }
}
