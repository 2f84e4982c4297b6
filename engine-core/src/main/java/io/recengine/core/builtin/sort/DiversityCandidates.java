package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What DPPSort and SSDSort share (PAI-Rec's {@code DPPConf} / {@code SSDConf} keys): the embeddings' item
 * property, the candidate trimming ({@code CandidateCount}, {@code MinScorePercent}), the short-list
 * shortcut ({@code AbortRunCount}), the recalls kept out ({@code FilterRetrieveIds}), the share of items
 * that may lack an embedding ({@code EmbMissedThreshold}).
 */
record DiversityCandidates(String embeddingColumn, String separator, boolean normalize, boolean ensurePositive,
                           int windowSize, int abortRunCount, int candidateCount, double minScorePercent,
                           double missedThreshold, Set<String> filterRetrieveIds) {

    static final Comparator<Item> BY_SCORE_DESC = (a, b) -> Double.compare(b.score(), a.score());

    /** Keys of PAI-Rec's DPPSortConfig / SSDSortConfig that read embeddings from a table: not here yet. */
    private static final List<String> TABLE_KEYS = List.of("DaoConf", "TableName", "TableSuffixParam", "TablePKey",
            "CacheTimeInMinutes", "EmbeddingHookNames");

    static DiversityCandidates read(ComponentConfig c, Keys keys, int defaultWindow) {
        for (String k : TABLE_KEYS) {
            Object v = c.raw(k);
            if (v != null && !(v instanceof String s && s.isEmpty()) && !(v instanceof List<?> l && l.isEmpty())
                    && !(v instanceof java.util.Map<?, ?> m && m.isEmpty()) && !(v instanceof Number n && n.doubleValue() == 0)) {
                keys.problem(Keys.key(c, k), "not supported yet: embeddings come from the item property named by "
                        + "EmbeddingColumn (load them with a feature DAO)");
            }
        }
        String column = keys.string(c, "EmbeddingColumn", "");
        if (column.isEmpty()) {
            keys.problem(Keys.key(c, "EmbeddingColumn"), "is required: the item property holding the embedding");
        }
        double threshold = keys.decimal(c, "EmbMissedThreshold", 0);
        if (threshold < 0 || threshold > 1) {
            keys.problem(Keys.key(c, "EmbMissedThreshold"), "want a number from 0 to 1, got " + threshold);
        }
        double minPercent = keys.decimal(c, "MinScorePercent", 0);
        if (minPercent < 0 || minPercent > 1) {
            keys.problem(Keys.key(c, "MinScorePercent"), "want a number from 0 to 1, got " + minPercent);
        }
        int window = keys.integer(c, "WindowSize", 0, 0);
        return new DiversityCandidates(column, keys.string(c, "EmbeddingSeparator", ","),
                !"false".equalsIgnoreCase(keys.string(c, "NormalizeEmb", "")),
                !"false".equalsIgnoreCase(keys.string(c, "EnsurePositiveSim", "")),
                window <= 0 ? defaultWindow : window, keys.integer(c, "AbortRunCount", 0, 0),
                keys.integer(c, "CandidateCount", 0, 0), minPercent, threshold > 0 ? threshold : 0.5,
                Set.copyOf(keys.strings(c, "FilterRetrieveIds")));
    }

    /** A selection kernel: the indexes into {@code candidates} of the items picked, in order. */
    interface Kernel {
        int[] pick(List<Item> candidates, Embeddings emb, int size);
    }

    /**
     * What DPPSort and SSDSort do around their kernel: with at most {@code AbortRunCount} candidates only
     * ordered by score; else the filtered recalls kept aside, the rest (by score first when
     * {@code byScoreFirst}) trimmed, read for embeddings and handed to {@code kernel}, whose picks come
     * first, then the filtered recalls. Too many missing embeddings: the trimmed candidates as they are.
     */
    List<Item> arrange(List<Item> items, int size, boolean byScoreFirst, Kernel kernel) {
        if (items.isEmpty() || abortRunCount > 0 && items.size() <= abortRunCount) {
            return byScore(items);
        }
        List<Item> selected = new ArrayList<>(items.size());
        List<Item> backup = split(items, selected);
        if (byScoreFirst) {
            selected.sort(BY_SCORE_DESC);
        }
        List<Item> candidates = trim(selected, size);
        List<Item> out;
        if (candidates.isEmpty()) {
            out = new ArrayList<>();
        } else {
            Embeddings emb = Embeddings.read(candidates, embeddingColumn, separator, normalize);
            if (emb.dim == 0 || emb.missingCount > missedThreshold * candidates.size()) {
                out = new ArrayList<>(candidates);
            } else {
                int[] picked = kernel.pick(candidates, emb, size);
                out = new ArrayList<>(picked.length + backup.size());
                for (int i : picked) {
                    out.add(candidates.get(i));
                }
            }
        }
        out.addAll(backup);
        return out;
    }

    /** A copy of {@code items} by score, best first. */
    static List<Item> byScore(List<Item> items) {
        List<Item> out = new ArrayList<>(items);
        out.sort(BY_SCORE_DESC);
        return out;
    }

    /** The items of the filtered recalls, kept out of the selection and appended after it. */
    List<Item> split(List<Item> items, List<Item> selected) {
        List<Item> backup = new ArrayList<>();
        for (Item i : items) {
            (filterRetrieveIds.contains(i.retrieveId()) ? backup : selected).add(i);
        }
        return backup;
    }

    /** The candidates by score, cut to {@code CandidateCount} (at least {@code size}) and {@code MinScorePercent}. */
    List<Item> trim(List<Item> items, int size) {
        if ((candidateCount <= 0 && minScorePercent <= 0) || items.size() <= size) {
            return items;
        }
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(BY_SCORE_DESC);
        if (candidateCount > 0) {
            int cnt = Math.max(size, candidateCount);
            if (cnt < sorted.size()) {
                sorted = new ArrayList<>(sorted.subList(0, cnt));
            }
        }
        if (minScorePercent > 0 && sorted.size() > size) {
            double max = sorted.get(0).score();
            int idx = size;
            while (idx < sorted.size() && sorted.get(idx).score() / max >= minScorePercent) {
                idx++;
            }
            sorted = new ArrayList<>(sorted.subList(0, idx));
        }
        return sorted;
    }
}
