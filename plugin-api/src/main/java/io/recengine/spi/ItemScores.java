package io.recengine.spi;

import java.util.Map;

/**
 * What a {@link Ranker} says about one item: named scores and optional extra features (for example
 * EasyRec's {@code generate_features}, {@code raw_features}, {@code context_features}, or a vector).
 *
 * <p>Score keys are model output names. The engine stores a score under {@code <algo>} when its key is
 * the empty string (single-output models) and under {@code <algo>_<key>} otherwise, as PAI-Rec does.
 * Extra features are copied to item properties under their keys. Immutable.
 */
public final class ItemScores {

    /** No score for this item. */
    public static final ItemScores EMPTY = new ItemScores(Map.of(), Map.of());

    /** Null for a single-output score until {@link #scores()} is first asked for. */
    private Map<String, Double> scores;
    private final Map<String, Object> features;
    /** The score of a single-output model, kept primitive: the engine reads it without a map. */
    private final double single;
    private final boolean isSingle;

    private ItemScores(Map<String, Double> scores, Map<String, Object> features) {
        this.scores = scores;
        this.features = features;
        this.single = 0;
        this.isSingle = false;
    }

    private ItemScores(double single) {
        this.features = Map.of();
        this.single = single;
        this.isSingle = true;
    }

    /** A single-output score. */
    public static ItemScores of(double score) {
        return new ItemScores(score);
    }

    /** True for {@link #of(double)}: the one score is {@link #single()}, under the empty key. */
    public boolean isSingle() {
        return isSingle;
    }

    /** The score of {@link #of(double)}; 0 for other instances. */
    public double single() {
        return single;
    }

    public static ItemScores of(Map<String, Double> scores) {
        return new ItemScores(Map.copyOf(scores), Map.of());
    }

    public static ItemScores of(Map<String, Double> scores, Map<String, Object> features) {
        return new ItemScores(Map.copyOf(scores), Map.copyOf(features));
    }

    public Map<String, Double> scores() {
        Map<String, Double> s = scores;
        if (s == null) {
            s = Map.of("", single); // a benign race: equal immutable maps
            scores = s;
        }
        return s;
    }

    public Map<String, Object> features() {
        return features;
    }

    public boolean isEmpty() {
        return !isSingle && scores.isEmpty() && features.isEmpty();
    }
}
