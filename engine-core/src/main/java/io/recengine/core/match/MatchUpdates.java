package io.recengine.core.match;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Updates ({@code /sendmsg}): one message {@code CMD=add|delete<US><LF>field=value<US><LF>...} applied to a
 * detail, x2i or vector table. Thread-safe (the tables are).
 */
final class MatchUpdates {

    /** The separator between the pairs of a message: unit separator and line feed. */
    static final String SEP = "\u001F\n";

    private final Map<String, MatchConfig.Table> confs;
    private final Map<String, DetailTable> details;
    private final Map<String, X2iTable> x2i;
    private final Map<String, VectorTable> vectors;

    MatchUpdates(MatchTables tables) {
        this.confs = tables.confs;
        this.details = tables.details;
        this.x2i = tables.x2i;
        this.vectors = tables.vectors;
    }

    /** Applies one message; returns the reason it was refused, or null. */
    String write(String tableName, String msg) {
        Checked c = check(tableName, msg);
        if (c.problem() != null) {
            return c.problem();
        }
        c.change().apply();
        return null;
    }

    /**
     * One valid change, not applied yet: what a replicated write appends to the log (table, message and the
     * partitioning key) before every replica applies it.
     *
     * @param table the table's configured name (a {@code <instance>_<table>} name resolved)
     * @param key   the row the change touches: primary key, trigger or vector id (the log keeps per-key order)
     */
    record Change(String table, String key, String message, Runnable applier) {
        void apply() {
            applier.run();
        }
    }

    /** A change, or the reason the message is refused. */
    record Checked(Change change, String problem) {
        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    /** Validates one message against the tables without applying it. */
    Checked check(String tableName, String msg) {
        if (tableName == null || tableName.isEmpty()) {
            return Checked.refused("missing table");
        }
        MatchConfig.Table t = confs.get(tableName);
        if (t == null) {
            // BE names tables <instance>_<table>
            for (String name : confs.keySet()) {
                if (tableName.endsWith("_" + name)) {
                    t = confs.get(name);
                    break;
                }
            }
        }
        if (t == null) {
            return Checked.refused("unknown table '" + tableName + "'; tables: " + new TreeSet<>(confs.keySet()));
        }
        if (msg == null || msg.isEmpty()) {
            return Checked.refused("missing msg");
        }
        LinkedHashMap<String, String> kv = new LinkedHashMap<>();
        String problem = parseMessage(msg, kv);
        if (problem != null) {
            return Checked.refused("malformed msg: " + problem);
        }
        String cmd = kv.remove("CMD");
        boolean add = "add".equalsIgnoreCase(cmd);
        if (!add && !"delete".equalsIgnoreCase(cmd)) {
            return Checked.refused("malformed msg: the first pair must be CMD=add or CMD=delete");
        }
        String name = t.name();
        switch (t.kind()) {
            case DETAIL -> {
                DetailTable d = details.get(name);
                String key = kv.get(d.primaryKey());
                if (key == null || key.isEmpty()) {
                    return Checked.refused("missing primary key field '" + d.primaryKey() + "'");
                }
                if (add) {
                    String missing = d.checkComplete(kv);
                    if (missing != null) {
                        return Checked.refused(missing);
                    }
                    return change(name, key, msg, () -> d.put(kv));
                }
                return change(name, key, msg, () -> d.delete(key));
            }
            case X2I -> {
                X2iTable x = x2i.get(name);
                String trigger = kv.get(t.triggerField());
                if (trigger == null || trigger.isEmpty()) {
                    return Checked.refused("missing field '" + t.triggerField() + "'");
                }
                String item = kv.get(t.itemField());
                if (add) {
                    if (item == null || item.isEmpty()) {
                        return Checked.refused("missing field '" + t.itemField() + "'");
                    }
                    String score = kv.getOrDefault(t.scoreField(), "1");
                    double s;
                    try {
                        s = Double.parseDouble(score);
                    } catch (NumberFormatException e) {
                        return Checked.refused("field '" + t.scoreField() + "' is not a number: \"" + score + "\"");
                    }
                    if (!Double.isFinite(s)) {
                        return Checked.refused("field '" + t.scoreField() + "' is not finite");
                    }
                    return change(name, trigger, msg, () -> x.add(trigger, item, s));
                }
                String deleted = item == null || item.isEmpty() ? null : item;
                return change(name, trigger, msg, () -> x.delete(trigger, deleted));
            }
            case VECTOR -> {
                VectorTable v = vectors.get(name);
                String id = kv.get(t.keyField());
                if (id == null || id.isEmpty()) {
                    return Checked.refused("missing field '" + t.keyField() + "'");
                }
                if (add) {
                    String text = kv.get(t.vectorField());
                    if (text == null) {
                        return Checked.refused("missing field '" + t.vectorField() + "'");
                    }
                    float[] vec;
                    try {
                        vec = DataFiles.parseVector(text);
                    } catch (NumberFormatException e) {
                        return Checked.refused("field '" + t.vectorField() + "': " + e.getMessage());
                    }
                    if (vec.length != v.dimension()) {
                        return Checked.refused("field '" + t.vectorField() + "' has " + vec.length
                                + " dimensions, table has " + v.dimension());
                    }
                    return change(name, id, msg, () -> v.add(id, vec));
                }
                return change(name, id, msg, () -> v.delete(id));
            }
            default -> throw new IllegalStateException();
        }
    }

    private static Checked change(String table, String key, String msg, Runnable applier) {
        return new Checked(new Change(table, key, msg, applier), null);
    }

    /**
     * Parses {@code k=v<US><LF>k=v<US><LF>...} (the final separator may be missing). Returns a problem or
     * null.
     */
    static String parseMessage(String msg, Map<String, String> out) {
        int start = 0;
        boolean first = true;
        while (start < msg.length()) {
            int end = msg.indexOf(SEP, start);
            String pair = end < 0 ? msg.substring(start) : msg.substring(start, end);
            start = end < 0 ? msg.length() : end + SEP.length();
            if (pair.isEmpty()) {
                return "empty pair";
            }
            if (pair.indexOf('\u001F') >= 0) {
                return "stray 0x1F in \"" + pair.replace('\u001F', '?') + "\"";
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return "\"" + pair + "\" is not key=value";
            }
            String k = pair.substring(0, eq);
            if (first && !k.equals("CMD")) {
                return "the first pair must be CMD=add or CMD=delete";
            }
            first = false;
            if (out.putIfAbsent(k, pair.substring(eq + 1)) != null) {
                return "duplicate field '" + k + "'";
            }
        }
        return first ? "empty message" : null;
    }

}
