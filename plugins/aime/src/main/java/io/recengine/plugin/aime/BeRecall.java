package io.recengine.plugin.aime;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import io.recengine.spi.Values;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PAI-Rec's {@code BeRecall}: one {@code /be} read per request, built from the user's features, with
 * the reply's rows turned into items. Immutable and thread-safe.
 */
final class BeRecall implements Recall {

    enum Type { X2I, VECTOR, MULTI }

    /** One {@code BeRecallParams} entry. */
    record Param(String recallName, int count, String table, Trigger trigger, String itemIdName) {
    }

    private final String name;
    private final String bizName;
    private final Type type;
    private final int count;
    private final int recallCount;
    private final List<Param> params;
    private final AimeClient client;
    private final boolean ownsClient;

    BeRecall(String name, String bizName, Type type, int count, int recallCount, List<Param> params, AimeClient client,
             boolean ownsClient) {
        this.name = name;
        this.bizName = bizName;
        this.type = type;
        this.count = count;
        this.recallCount = recallCount;
        this.params = List.copyOf(params);
        this.client = client;
        this.ownsClient = ownsClient;
    }

    static Type type(ComponentConfig beConf) {
        String t = beConf.string("BeRecallType").toLowerCase(Locale.ROOT);
        return switch (t) {
            case "x2i_recall" -> Type.X2I;
            case "vector_recall" -> Type.VECTOR;
            case "multi_merge_recall" -> Type.MULTI;
            default -> throw new ConfigException(beConf.component(), "BeRecallType", t.isEmpty()
                    ? "is required (x2i_recall, vector_recall or multi_merge_recall)"
                    : "must be x2i_recall, vector_recall or multi_merge_recall, got \"" + t + "\"");
        };
    }

    /** The read this recall sends for the user, or null when the user yields no trigger. */
    MatchQuery query(User user) {
        if (type == Type.MULTI) {
            MatchQuery.Builder b = MatchQuery.forService(bizName).returnCount(count);
            boolean any = false;
            for (Param p : params) {
                String t = p.trigger().value(user);
                if (t.isEmpty()) {
                    continue;
                }
                any = true;
                b.param(p.recallName() + "_list", t).param(p.recallName() + "_return_count", Integer.toString(p.count()));
                if (!p.table().isEmpty()) {
                    b.param(p.recallName() + "_table", p.table());
                }
            }
            return any ? b.param("user_id", user.id()).build() : null;
        }
        Param p = params.get(0);
        String t = p.trigger().value(user);
        if (t.isEmpty()) {
            return null;
        }
        return MatchQuery.forService(bizName).returnCount(p.count()).triggerList(t).param("user_id", user.id()).build();
    }

    /** Reads of the embedded match engine run on the request thread (no pool hand-off). */
    @Override
    public boolean inProcess() {
        return client.inProcess();
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        MatchQuery q = query(user);
        if (q == null) {
            context.log("INFO", "module=BeRecall\tname=" + name + "\tno trigger");
            return List.of();
        }
        MatchResult r = client.read(q);
        if (!r.ok()) {
            throw new ComponentException("recall '" + name + "'", ComponentException.Kind.DEPENDENCY,
                    "AIME error " + r.errorCode() + ": " + r.errorMessage());
        }
        return items(r);
    }

    /** Rows to items: the id and {@code __score__} columns must exist, as in PAI-Rec. */
    List<Item> items(MatchResult r) {
        String idName = params.get(0).itemIdName();
        int idIdx = r.fieldIndex(idName);
        int scoreIdx = r.fieldIndex(MatchResult.SCORE);
        if (idIdx < 0 || scoreIdx < 0) {
            return List.of();
        }
        int recallIdx = r.fieldIndex("recall_name");
        if (recallIdx < 0) {
            recallIdx = r.fieldIndex("__recall_name__");
        }
        // the columns that become properties, found once per reply; each row is then set in one write
        List<String> fieldNames = r.fieldNames();
        int[] cols = new int[fieldNames.size()];
        String[] names = new String[fieldNames.size()];
        boolean[] numeric = new boolean[fieldNames.size()];
        int n = 0;
        for (int i = 0; i < fieldNames.size(); i++) {
            String field = fieldNames.get(i);
            if (i == idIdx || i == scoreIdx || (type == Type.MULTI && field.equals("match_type"))) {
                continue;
            }
            cols[n] = i;
            names[n] = field;
            numeric[n] = field.equals("score") || field.equals("trigger_score");
            n++;
        }
        Object[] values = new Object[n];
        int rows = r.size();
        List<Item> out = new ArrayList<>(Math.min(rows, recallCount));
        for (int row = 0; row < rows; row++) {
            String id = Values.text(r.value(row, idIdx));
            if (id.isEmpty()) {
                continue;
            }
            String retrieveId = name;
            if (type == Type.MULTI && recallIdx >= 0) {
                String rn = Values.text(r.value(row, recallIdx));
                if (!rn.isEmpty()) {
                    retrieveId = rn;
                }
            }
            Item item = new Item(id, retrieveId, r.number(row, scoreIdx, 0));
            for (int c = 0; c < n; c++) {
                Object v = r.value(row, cols[c]);
                // the same value types over HTTP (text) and in process (numbers)
                values[c] = numeric[c] && v instanceof String text ? (Object) Values.toDouble(text, 0) : v;
            }
            item.setProperties(names, values, n);
            out.add(item);
            if (out.size() >= recallCount) {
                break;
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
