package io.recengine.core.rank;

import io.recengine.core.expr.Expression;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code RankConfig} ({@code RankConf[scene]}, {@code CallBackConfs[scene].RankConf}): keys
 * {@code RankAlgoList}, {@code RankScore}, {@code Processor}, {@code ContextFeatures},
 * {@code ItemFeatures}, {@code BatchCount} (default 100), {@code ScoreRewrite}. Expressions are parsed
 * here, once. Immutable.
 */
public final class RankConf {

    /** PAI-Rec's default batch size. */
    public static final int DEFAULT_BATCH_COUNT = 100;
    /** {@code Processor} value that selects EasyRec's request shape (and the implicit-feature rule). */
    public static final String EASYREC = "EasyRec";

    private final String where;
    private final List<String> algos;
    private final Expression rankScore;
    private final String processor;
    private final List<String> contextFeatures;
    private final List<String> itemFeatures;
    private final int batchCount;
    private final Map<String, Expression> scoreRewrite;

    private RankConf(String where, List<String> algos, Expression rankScore, String processor,
                     List<String> contextFeatures, List<String> itemFeatures, int batchCount,
                     Map<String, Expression> scoreRewrite) {
        this.where = where;
        this.algos = algos;
        this.rankScore = rankScore;
        this.processor = processor;
        this.contextFeatures = contextFeatures;
        this.itemFeatures = itemFeatures;
        this.batchCount = batchCount;
        this.scoreRewrite = scoreRewrite;
    }

    /**
     * Parses and validates.
     *
     * @param where how messages name the object, e.g. {@code RankConf.home_feed}
     * @throws ConfigException the first problem {@link #check} reports
     */
    public static RankConf parse(String where, ComponentConfig c) {
        List<ConfigException> problems = new ArrayList<>();
        RankConf rc = parse(where, c, problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return rc;
    }

    /** Every problem of one RankConfig; empty when fine. */
    public static List<ConfigException> check(String where, ComponentConfig c) {
        List<ConfigException> problems = new ArrayList<>();
        parse(where, c, problems);
        return problems;
    }

    private static RankConf parse(String where, ComponentConfig c, List<ConfigException> problems) {
        List<String> algos = List.of();
        String processor = "";
        List<String> contextFeatures = List.of();
        List<String> itemFeatures = null;
        int batch = DEFAULT_BATCH_COUNT;
        Expression score = null;
        Map<String, Expression> rewrite = new LinkedHashMap<>();
        try {
            algos = c.stringList("RankAlgoList");
            processor = c.string("Processor");
            contextFeatures = c.stringList("ContextFeatures");
            itemFeatures = c.has("ItemFeatures") && c.raw("ItemFeatures") != null ? c.stringList("ItemFeatures") : null;
            if (itemFeatures != null && itemFeatures.isEmpty()) {
                itemFeatures = null;
            }
            int b = c.integer("BatchCount", 0);
            if (b < 0) {
                problems.add(new ConfigException(where, "BatchCount", "must be positive, got " + b));
            }
            batch = b > 0 ? b : DEFAULT_BATCH_COUNT;
            String s = c.string("RankScore");
            if (!s.isEmpty()) {
                score = expression(where, "RankScore", s, problems);
            }
            Object rw = c.raw("ScoreRewrite");
            if (rw != null) {
                if (!(rw instanceof Map<?, ?> m)) {
                    problems.add(new ConfigException(where, "ScoreRewrite", "expected an object of algo score name -> expression"));
                } else {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String key = "ScoreRewrite." + e.getKey();
                        if (!(e.getValue() instanceof String text)) {
                            problems.add(new ConfigException(where, key, "expected an expression string"));
                            continue;
                        }
                        Expression x = expression(where, key, text, problems);
                        if (x != null) {
                            rewrite.put(String.valueOf(e.getKey()), x);
                        }
                    }
                }
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
        return new RankConf(where, algos, score, processor, contextFeatures, itemFeatures, batch,
                Collections.unmodifiableMap(rewrite));
    }

    private static Expression expression(String where, String key, String text, List<ConfigException> problems) {
        try {
            return Expression.parse(text);
        } catch (Expression.SyntaxException e) {
            problems.add(new ConfigException(where, key, "invalid expression: " + e.getMessage(), e));
            return null;
        }
    }

    public String where() {
        return where;
    }

    /** {@code RankAlgoList}. */
    public List<String> algos() {
        return algos;
    }

    /** {@code RankScore}, null when empty (the score is left unchanged). */
    public Expression rankScore() {
        return rankScore;
    }

    public String processor() {
        return processor;
    }

    public boolean isEasyRec() {
        return EASYREC.equals(processor);
    }

    public List<String> contextFeatures() {
        return contextFeatures;
    }

    /** {@code ItemFeatures}: null when absent or empty. */
    public List<String> itemFeatures() {
        return itemFeatures;
    }

    public int batchCount() {
        return batchCount;
    }

    /** {@code ScoreRewrite}: algo score name -> expression, in config order. */
    public Map<String, Expression> scoreRewrite() {
        return scoreRewrite;
    }

    /** PAI-Rec skips the stage when there is neither an algo nor a score expression. */
    public boolean isNoop() {
        return algos.isEmpty() && rankScore == null;
    }

    /**
     * Whether PAI-Rec would call {@code item.GetFeatures()} (which injects {@code <recall name>},
     * {@code recall_name}, {@code recall_score}): always for non-EasyRec processors, and for EasyRec
     * when context or item features are sent.
     */
    public boolean injectsRecallFeatures() {
        return !isEasyRec() || !contextFeatures.isEmpty() || itemFeatures != null;
    }
}
